// Package prompt is the one-line input at the foot of the screen that
// asks for a time to go to, a message type to step to, a filter or a
// search. It answers with a SubmitMsg, or with nothing if cancelled.
package prompt
