package service_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLinKVReadWriteCAS(t *testing.T) {
	h := newHarness(t, 1)
	n1 := h.caller("n1")
	for _, step := range []struct{ req, reply string }{
		{`{"type":"read","key":"x"}`, `{"type":"error","code":20,"text":"key does not exist","in_reply_to":1}`},
		{`{"type":"cas","key":"x","from":1,"to":2}`, `{"type":"error","code":20,"text":"key does not exist","in_reply_to":2}`},
		{`{"type":"write","key":"x","value":1}`, `{"type":"write_ok","in_reply_to":3}`},
		{`{"type":"read","key":"x"}`, `{"type":"read_ok","value":1,"in_reply_to":4}`},
		{`{"type":"cas","key":"x","from":2,"to":3}`, `{"type":"error","code":22,"text":"current value 1 is not 2","in_reply_to":5}`},
		{`{"type":"cas","key":"x","from":1,"to":2}`, `{"type":"cas_ok","in_reply_to":6}`},
		{`{"type":"read","key":"x"}`, `{"type":"read_ok","value":2,"in_reply_to":7}`},
		{`{"type":"write","key":"x","value":2}`, `{"type":"write_ok","in_reply_to":8}`},
		{`{"type":"cas","key":"x","from":2,"to":2}`, `{"type":"cas_ok","in_reply_to":9}`},
	} {
		assert.Equal(t, step.reply, n1.call("lin-kv", step.req), step.req)
	}
	assert.Empty(t, h.problems)
}

func TestLinKVCreateIfNotExists(t *testing.T) {
	h := newHarness(t, 1)
	n1 := h.caller("n1")
	assert.Equal(t, `{"type":"error","code":20,"text":"key does not exist","in_reply_to":1}`,
		n1.call("lin-kv", `{"type":"cas","key":"y","from":0,"to":1,"create_if_not_exists":false}`))
	assert.Equal(t, `{"type":"cas_ok","in_reply_to":2}`,
		n1.call("lin-kv", `{"type":"cas","key":"y","from":0,"to":1,"create_if_not_exists":true}`), "from does not matter")
	assert.Equal(t, `{"type":"read_ok","value":1,"in_reply_to":3}`, n1.call("lin-kv", `{"type":"read","key":"y"}`))
	assert.Equal(t, `{"type":"error","code":22,"text":"current value 1 is not 0","in_reply_to":4}`,
		n1.call("lin-kv", `{"type":"cas","key":"y","from":0,"to":5,"create_if_not_exists":true}`), "the key exists now")
	assert.Equal(t, `{"type":"cas_ok","in_reply_to":5}`,
		n1.call("lin-kv", `{"type":"cas","key":"z","from":0,"to":[1],"create_if_not_exists":0}`), "0 is true in Clojure")
	assert.Equal(t, `{"type":"error","code":20,"text":"key does not exist","in_reply_to":6}`,
		n1.call("lin-kv", `{"type":"cas","key":"w","from":0,"to":1,"create_if_not_exists":null}`))
}

func TestLinKVIsOneMapForEveryone(t *testing.T) {
	h := newHarness(t, 1)
	h.caller("n1").call("lin-kv", `{"type":"write","key":"x","value":"hello"}`)
	assert.Equal(t, `{"type":"read_ok","value":"hello","in_reply_to":1}`, h.caller("n2").call("lin-kv", `{"type":"read","key":"x"}`))
	assert.Equal(t, `{"type":"error","code":20,"text":"key does not exist","in_reply_to":1}`,
		h.caller("n3").call("seq-kv", `{"type":"read","key":"x"}`), "each service has its own data")
}

func TestLinKVComparesJSONByValue(t *testing.T) {
	h := newHarness(t, 1)
	n1 := h.caller("n1")
	n1.call("lin-kv", `{"type":"write","key":{"b":1,"a":[1,"\u0078"]},"value":{"z":1.50,"a":"<x>"}}`)
	assert.Equal(t, `{"type":"read_ok","value":{"a":"<x>","z":1.5},"in_reply_to":2}`,
		n1.call("lin-kv", `{"type":"read","key":{ "a" : [1, "x"], "b" : 1 }}`), "key order, spaces and escapes do not matter")
	assert.Equal(t, `{"type":"cas_ok","in_reply_to":3}`,
		n1.call("lin-kv", `{"type":"cas","key":{"a":[1,"x"],"b":1},"from":{"a":"<x>","z":15e-1},"to":"v"}`))

	n1.call("lin-kv", `{"type":"write","key":1,"value":1}`)
	assert.Equal(t, `{"type":"error","code":20,"text":"key does not exist","in_reply_to":5}`,
		n1.call("lin-kv", `{"type":"read","key":1.0}`), "1.0 is a double, 1 an integer: different keys, as in Clojure")
	assert.Equal(t, `{"type":"error","code":20,"text":"key does not exist","in_reply_to":6}`,
		n1.call("lin-kv", `{"type":"read","key":"1"}`))
	assert.Equal(t, `{"type":"error","code":22,"text":"current value 1 is not 1.0","in_reply_to":7}`,
		n1.call("lin-kv", `{"type":"cas","key":1,"from":1.0,"to":2}`))

	n1.call("lin-kv", `{"type":"write","key":"big","value":123456789012345678901234567890}`)
	assert.Equal(t, `{"type":"read_ok","value":123456789012345678901234567890,"in_reply_to":9}`,
		n1.call("lin-kv", `{"type":"read","key":"big"}`), "integers of any size")
}

func TestLinKVPreconditionTextPrintsValuesAsClojureDoes(t *testing.T) {
	h := newHarness(t, 1)
	n1 := h.caller("n1")
	n1.call("lin-kv", `{"type":"write","key":"s","value":"a \"b\""}`)
	assert.Equal(t, `{"type":"error","code":22,"text":"current value \"a \\\"b\\\"\" is not nil","in_reply_to":2}`,
		n1.call("lin-kv", `{"type":"cas","key":"s","from":null,"to":1}`))
	n1.call("lin-kv", `{"type":"write","key":"v","value":[1,"x",{"k":[true]}]}`)
	assert.Equal(t, `{"type":"error","code":22,"text":"current value [1 \"x\" {\"k\" [true]}] is not 1.0E21","in_reply_to":4}`,
		n1.call("lin-kv", `{"type":"cas","key":"v","from":1e21,"to":1}`))
}
