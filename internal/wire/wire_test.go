package wire

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseHeader(t *testing.T) {
	h, err := ParseHeader([]byte(`{"type":"echo","echo":{"msg_id":9},"msg_id":7}`))
	require.NoError(t, err)
	assert.Equal(t, Header{Type: "echo", MsgID: 7, HasMsgID: true}, h, "nested keys are not top-level keys")

	h, err = ParseHeader([]byte(` { "in_reply_to" : 3.0 , "type" : "a\"b", "msg_id": null } `))
	require.NoError(t, err)
	assert.Equal(t, Header{Type: `a"b`, InReplyTo: 3, HasInReplyTo: true}, h)

	for _, bad := range []string{``, `[]`, `{"type":1}`, `{"msg_id":"x"}`, `{"msg_id":1.5}`, `{"type":"a"`, `{"type":"a"} x`} {
		_, err := ParseHeader([]byte(bad))
		assert.Error(t, err, bad)
	}
}

func TestSetInt(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"type":"x"}`, `{"in_reply_to":5,"type":"x"}`},
		{`{}`, `{"in_reply_to":5}`},
		{` { } `, `{"in_reply_to":5} `},
		{`{"in_reply_to":1,"type":"x"}`, `{"in_reply_to":5,"type":"x"}`},
		{`{"type":"x","in_reply_to":null}`, `{"type":"x","in_reply_to":5}`},
		{`{"a":{"in_reply_to":1}}`, `{"in_reply_to":5,"a":{"in_reply_to":1}}`},
	} {
		got, err := SetInt([]byte(c.in), "in_reply_to", 5)
		require.NoError(t, err, c.in)
		assert.Equal(t, c.want, string(got), c.in)
		assert.True(t, json.Valid(got))
	}
	_, err := SetInt([]byte(`"str"`), "msg_id", 1)
	assert.ErrorIs(t, err, ErrNotObject)
}

func TestEnvelopeRoundTrip(t *testing.T) {
	line := AppendEnvelope(nil, 17, "c3", "n\"1", []byte(`{"type":"echo","msg_id":1}`))
	assert.Equal(t, `{"id":17,"src":"c3","dest":"n\"1","body":{"type":"echo","msg_id":1}}`, string(line))
	env, err := ParseEnvelope(line)
	require.NoError(t, err)
	assert.Equal(t, Envelope{ID: 17, HasID: true, Src: "c3", Dest: `n"1`, Body: []byte(`{"type":"echo","msg_id":1}`)}, env)
}

func TestParseEnvelopeErrors(t *testing.T) {
	for line, want := range map[string]string{
		`DEBUG: got echo`: "not well-formed JSON",
		``:                "not well-formed JSON",
		`[1]`:             "not a JSON object",
		`{"src":"n1","dest":"c1","body":{"type":"x"},"extra":1}`:  `unexpected top-level key "extra"`,
		`{"src":"n1","dest":"c1"}`:                                "missing body",
		`{"src":1,"dest":"c1","body":{"type":"x"}}`:               "src: want a string",
		`{"src":"n1","dest":"c1","body":{"msg_id":1}}`:            "body: missing type",
		`{"src":"n1","dest":"c1","body":[]}`:                      "body: not a JSON object",
		`{"src":"n1","src":"n2","dest":"c1","body":{"type":"x"}}`: `key "src" appears twice`,
	} {
		_, err := ParseEnvelope([]byte(line))
		if assert.Error(t, err, line) {
			assert.Contains(t, err.Error(), want, line)
		}
	}
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain", "quo\"te\\", "tab\tnl\n\x01", "héllo ☃", "bad\xffutf8"} {
		got := AppendString(nil, s)
		want, _ := json.Marshal(s)
		assert.Equal(t, string(want), string(got))
	}
}

func FuzzParseEnvelope(f *testing.F) {
	f.Add([]byte(`{"id":1,"src":"n1","dest":"c1","body":{"type":"echo_ok","in_reply_to":1}}`))
	f.Add([]byte(`{"src":"n1","dest":"c1","body":{"type":"x","a":[1,{"b":"}"}]}}`))
	f.Add([]byte(`{"src":"n1"`))
	f.Fuzz(func(t *testing.T, line []byte) {
		env, err := ParseEnvelope(line)
		if err != nil {
			return
		}
		// Whatever parses must survive a round trip unchanged.
		again, err := ParseEnvelope(AppendEnvelope(nil, env.ID, env.Src, env.Dest, env.Body))
		require.NoError(t, err)
		assert.Equal(t, env.Src, again.Src)
		assert.Equal(t, env.Dest, again.Dest)
		assert.Equal(t, string(env.Body), string(again.Body))
	})
}

func FuzzBody(f *testing.F) {
	f.Add([]byte(`{"type":"echo","msg_id":7}`))
	f.Add([]byte(`{"a":"\\\"","in_reply_to":1e2}`))
	f.Add([]byte(`{"a":[[[`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_ = Elements(body, func([]byte) bool { return true }) // must not panic or loop
		_, herr := ParseHeader(body)
		out, err := SetInt(body, "msg_id", 42)
		if err != nil || herr != nil || !json.Valid(body) {
			return
		}
		require.True(t, json.Valid(out), "SetInt broke valid JSON: %s -> %s", body, out)
		h, err := ParseHeader(out)
		require.NoError(t, err)
		assert.Equal(t, int64(42), h.MsgID)
	})
}

func TestElements(t *testing.T) {
	for in, want := range map[string][]string{
		`null`:                   nil,
		` [ ] `:                  nil,
		`[1,"a,]\"",[1,[2]],{}]`: {`1`, `"a,]\""`, `[1,[2]]`, `{}`},
		"[ 1 ,\n2\t]":            {`1`, `2`},
		`[01,-1,2.5,true,null]`:  {`01`, `-1`, `2.5`, `true`, `null`},
	} {
		var got []string
		require.NoError(t, Elements([]byte(in), func(e []byte) bool { got = append(got, string(e)); return true }), in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{``, `[`, `[1`, `[1,]`, `[,1]`, `[1]x`, `nullx`, `["a]`, `[[1]`, `{}`, `1`, `[1 2]`} {
		assert.Error(t, Elements([]byte(bad), func([]byte) bool { return true }), bad)
	}
	n := 0
	require.NoError(t, Elements([]byte(`[1,2,3]`), func([]byte) bool { n++; return n < 2 }))
	assert.Equal(t, 2, n, "stops when fn says so")
}
