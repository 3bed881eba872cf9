package kafka_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/sim/checker/kafka"
	"github.com/eddy-sim/eddy/sim/history"
)

// bigHistory is a valid history of about n operations: half sends, half
// polls, over 100 keys, 8 processes each polling its own keys in chunks of
// 8 messages. Offsets start at base and are stride apart.
func bigHistory(n int, base, stride int64) history.History {
	const keys, procs, chunk = 100, 8, 8
	b := &builder{}
	next := make([]int, keys) // per key: messages sent
	read := make([]int, keys) // per key: messages polled
	off := func(j int) int64 { return base + int64(j)*stride }
	poll := func(k int) {
		msgs := fmt.Sprintf(`{"%d":[`, k)
		for j := read[k]; j < next[k]; j++ {
			if j > read[k] {
				msgs += ","
			}
			msgs += fmt.Sprintf("[%d,%d]", off(j), j)
		}
		b.poll(k%procs, msgs+"]}")
		read[k] = next[k]
	}
	for i := 0; len(b.h) < 2*n; i++ {
		k := i % keys
		key := strconv.Itoa(k)
		b.op(i%procs, "send", history.OK, sendValue(key, next[k]),
			fmt.Sprintf(`[["send",%q,[%d,%d]]]`, key, off(next[k]), next[k]))
		if next[k]++; next[k]-read[k] >= chunk {
			poll(k)
		} else {
			b.poll(k%procs, `{}`)
		}
	}
	for k := range keys {
		poll(k)
	}
	return b.h
}

// go test ./sim/checker/kafka -run XXX -bench . -benchmem
func BenchmarkCheck(b *testing.B) {
	for _, c := range []struct {
		name         string
		base, stride int64
	}{
		{"dense", 0, 1},
		{"huge-sparse-offsets", 1 << 50, 1_000_000_007}, // Maelstrom issue #51
	} {
		h := bigHistory(100_000, c.base, c.stride)
		b.Run(fmt.Sprintf("%s/%d-ops", c.name, len(h)/2), func(b *testing.B) {
			for b.Loop() {
				r := kafka.Check(h)
				require.Empty(b, r.BadErrorTypes)
			}
			b.ReportMetric(float64(len(h)/2)*float64(b.N)/b.Elapsed().Seconds(), "ops/s")
		})
	}
}
