package service_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLinTSOCountsFromZeroForEveryone(t *testing.T) {
	h := newHarness(t, 1)
	n1, n2 := h.caller("n1"), h.caller("n2")
	assert.Equal(t, `{"type":"ts_ok","ts":0,"in_reply_to":1}`, n1.call("lin-tso", `{"type":"ts"}`))
	assert.Equal(t, `{"type":"ts_ok","ts":1,"in_reply_to":2}`, n1.call("lin-tso", `{"type":"ts"}`))
	assert.Equal(t, `{"type":"ts_ok","ts":2,"in_reply_to":1}`, n2.call("lin-tso", `{"type":"ts","extra":"ignored"}`))
	assert.Equal(t, `{"type":"ts_ok","ts":3,"in_reply_to":3}`, n1.call("lin-tso", `{"type":"ts"}`))
	assert.Empty(t, n1.sendAll("lin-tso", `{"type":"read","key":"x","msg_id":99}`), "lin-tso knows only ts")
	assert.Equal(t, `{"type":"ts_ok","ts":4,"in_reply_to":4}`, n1.call("lin-tso", `{"type":"ts"}`), "an ignored request takes no timestamp")
}
