package lessons

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHintSectionsNameChecks(t *testing.T) {
	for _, l := range All() {
		names := map[string]bool{generalHints: true}
		for _, c := range l.Checks {
			names[c.Name] = true
		}
		for section, hints := range l.hints() {
			assert.True(t, names[section], "%s: hints.md has a section %q, and no check has that name", l.Name(), section)
			assert.NotEmpty(t, hints)
		}
		assert.NotEmpty(t, l.hints()[generalHints], "%s: general hints", l.Name())
	}
}
