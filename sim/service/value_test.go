package service

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCanonical(t *testing.T) {
	for raw, want := range map[string]string{
		`"x"`:                             `"x"`,
		`"\u0078"`:                        `"x"`,
		`"<&>"`:                           `"<&>"`,
		`"é\n"`:                           `"é\n"`,
		`12`:                              `12`,
		`-0`:                              `0`,
		`1.0`:                             `1.0`,
		`1.50`:                            `1.5`,
		`1e2`:                             `100.0`,
		`1E+2`:                            `100.0`,
		`2.5e-7`:                          `2.5e-07`,
		`1e400`:                           `1e400`,
		`99999999999999999999999`:         `99999999999999999999999`,
		` { "b" : [1, 2.0], "a" :null } `: `{"a":null,"b":[1,2.0]}`,
		`true`:                            `true`,
		`[]`:                              `[]`,
	} {
		got, err := canonical([]byte(raw))
		require.NoError(t, err, raw)
		assert.Equal(t, want, got, raw)
		assert.True(t, json.Valid([]byte(got)), got)
	}
	_, err := canonical([]byte(`{"a":`))
	assert.Error(t, err)
}

func TestPrStrAndStrPrintAsClojure(t *testing.T) {
	for text, want := range map[string][2]string{ // canonical → pr-str, str
		`null`:                    {`nil`, ``},
		`"a"`:                     {`"a"`, `a`},
		`"say \"hi\"\\\n\t"`:      {`"say \"hi\"\\\n\t"`, "say \"hi\"\\\n\t"},
		`"é"`:                     {`"é"`, `é`},
		`3`:                       {`3`, `3`},
		`-12345678901234567890`:   {`-12345678901234567890`, `-12345678901234567890`},
		`1.0`:                     {`1.0`, `1.0`},
		`1.5`:                     {`1.5`, `1.5`},
		`1234567.5`:               {`1234567.5`, `1234567.5`},
		`10000000.0`:              {`1.0E7`, `1.0E7`},
		`0.001`:                   {`0.001`, `0.001`},
		`0.0001`:                  {`1.0E-4`, `1.0E-4`},
		`-2.5e-07`:                {`-2.5E-7`, `-2.5E-7`},
		`0.0`:                     {`0.0`, `0.0`},
		`true`:                    {`true`, `true`},
		`[1,"a",[null]]`:          {`[1 "a" [nil]]`, `[1 "a" [nil]]`},
		`{}`:                      {`{}`, `{}`},
		`{"a":1,"b":{"c":false}}`: {`{"a" 1, "b" {"c" false}}`, `{"a" 1, "b" {"c" false}}`},
	} {
		assert.Equal(t, want[0], prStr(text), "pr-str %s", text)
		assert.Equal(t, want[1], str(text), "str %s", text)
	}
}

func TestResultEncoding(t *testing.T) {
	assert.Equal(t, `{"type":"write_ok","in_reply_to":3}`, string(result{typ: "write_ok"}.encode("3")))
	assert.Equal(t, `{"type":"read_ok","value":{"a":[1]},"in_reply_to":null}`,
		string(result{typ: "read_ok", field: "value", raw: `{"a":[1]}`}.encode("null")))
	assert.Equal(t, `{"type":"error","code":22,"text":"current value \"a\" is not nil","in_reply_to":1}`,
		string(errorResult(22, `current value "a" is not nil`).encode("1")))
}
