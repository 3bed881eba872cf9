// Package flights lists the messages in flight — sent, not yet delivered
// or dropped — in arrival order, and shows the selected one's body: the
// message that x drops and d delivers at once.
package flights
