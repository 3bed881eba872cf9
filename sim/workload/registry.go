package workload

import (
	"fmt"
	"strings"
)

// specs lists every workload, in the order `eddy test --help` shows them.
var specs = []Spec{
	echoSpec,
	uniqueIDsSpec,
	broadcastSpec,
	gsetSpec,
	gCounterSpec,
	pnCounterSpec,
	linKVSpec,
	txnListAppendSpec,
	txnRWRegisterSpec,
	kafkaSpec,
}

// Lookup returns the workload called name.
func Lookup(name string) (Spec, error) {
	for _, s := range specs {
		if s.Name == name {
			return s, nil
		}
	}
	return Spec{}, fmt.Errorf("unknown workload %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Names lists the known workloads.
func Names() []string {
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.Name
	}
	return names
}

// All returns every workload spec.
func All() []Spec { return append([]Spec(nil), specs...) }
