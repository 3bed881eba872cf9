// Package lamport draws a space-time diagram of the latest messages: one
// column per process (clients on the left, nodes, services on the right),
// time running down, one row per delivery or drop with an arrow from
// sender to receiver, labelled with the message type and the receive's
// Lamport timestamp. Faults and crashes cut across as rules.
package lamport
