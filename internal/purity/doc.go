// Package purity holds the test that keeps node code and the simulator core
// deterministic: no goroutines, no real clock, no global randomness, no
// os/net/sync. Every package under nodes/ and sim/ is held to it, except the
// edges listed in purity_test.go, which talk to the real world on purpose.
// A new package is pure unless someone argues otherwise in that list.
package purity
