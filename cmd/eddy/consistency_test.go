package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Maelstrom splits --consistency-models only on " , "; Eddy takes a plain
// comma too, and says so.
func TestConsistencyModelsTakeCommasWithOrWithoutSpaces(t *testing.T) {
	want := []string{"read-committed", "serializable"}
	for _, s := range []string{"read-committed,serializable", "read-committed , serializable", " read-committed, serializable ,"} {
		assert.Equal(t, want, splitModels(s), s)
	}
	r := eddy(t, "test", "--help")
	assert.Contains(t, r.stderr, `Eddy takes a,b and a , b alike, where Maelstrom splits only on " , "`)
}

// An unknown model is a bad argument, refused before any node starts (the
// binary here does not even exist).
func TestUnknownConsistencyModelExits254(t *testing.T) {
	for _, models := range []string{"read-committed,serialisable", "read-committed , serialisable"} {
		r := eddy(t, "test", "-w", "txn-rw-register", "--bin", "./missing", "--consistency-models", models)
		assert.Equal(t, 254, r.code, models)
		assert.Contains(t, r.stderr, `--consistency-models: unknown consistency model "serialisable"; known models are:`, models)
		assert.Empty(t, r.stdout, models)
	}
}
