package rng

import "math/rand/v2"

// Stream returns the random stream called name of the run with this seed.
func Stream(seed uint64, name string) *rand.Rand {
	return rand.New(rand.NewPCG(seed, fnv64a(name)))
}

func fnv64a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
