// Package cluster draws the cluster: nodes laid out on a ring or a grid
// sized to the space it has, each with badges from its exposed state and
// marks for crashed, paused and skewed nodes; partition groups by colour
// and letter; clients on the left edge and services on the right; and
// messages in flight as dots between their ends, placed by how far along
// their latency they are.
package cluster
