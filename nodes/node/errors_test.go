package node_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eddy-sim/eddy/nodes/node"
)

// Maelstrom's error table (spec §1.6): code, name, definite.
func TestErrorCodesFollowMaelstromsTable(t *testing.T) {
	table := []struct {
		code     int
		name     string
		definite bool
	}{
		{0, "timeout", false},
		{1, "node-not-found", true},
		{10, "not-supported", true},
		{11, "temporarily-unavailable", true},
		{12, "malformed-request", true},
		{13, "crash", false},
		{14, "abort", true},
		{20, "key-does-not-exist", true},
		{21, "key-already-exists", true},
		{22, "precondition-failed", true},
		{30, "txn-conflict", true},
		// Codes outside the table, custom ones included, are indefinite.
		{2, "unknown", false},
		{999, "unknown", false},
		{1000, "unknown", false},
		{-1, "unknown", false},
	}
	for _, c := range table {
		assert.Equal(t, c.name, node.CodeName(c.code), "CodeName(%d)", c.code)
		assert.Equal(t, c.definite, node.Definite(c.code), "Definite(%d)", c.code)
	}
}

func TestErrorConstantsHaveMaelstromsValues(t *testing.T) {
	assert.Equal(t, []int{0, 1, 10, 11, 12, 13, 14, 20, 21, 22, 30}, []int{
		node.Timeout, node.NodeNotFound, node.NotSupported, node.TemporarilyUnavailable,
		node.MalformedRequest, node.Crash, node.Abort, node.KeyDoesNotExist,
		node.KeyAlreadyExists, node.PreconditionFailed, node.TxnConflict,
	})
}

func TestErrorCode(t *testing.T) {
	assert.Equal(t, -1, node.ErrorCode(nil))
	assert.Equal(t, 13, node.ErrorCode(errors.New("plain")), "anything else is a crash")
	assert.Equal(t, 22, node.ErrorCode(node.Errorf(22, "cas")))
	assert.Equal(t, 20, node.ErrorCode(fmt.Errorf("reading x: %w", node.Errorf(20, "missing"))), "wrapped")
	assert.Equal(t, 1001, node.ErrorCode(&node.Error{Code: 1001}), "custom codes are kept")
}

func TestErrorMessage(t *testing.T) {
	assert.Equal(t, "error 22 (precondition-failed): expected 1, had 2", node.Errorf(22, "expected %d, had %d", 1, 2).Error())
	assert.Equal(t, "error 0 (timeout)", (&node.Error{Code: 0}).Error())
	assert.Equal(t, "error 1005 (unknown): mine", node.Errorf(1005, "mine").Error())
}
