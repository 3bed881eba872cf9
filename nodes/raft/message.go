package raft

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Entry is one log entry (§5.3). Index and Term identify it: two logs
// holding an entry with the same index and term are identical up to it (the
// Log Matching Property). Data is the state machine command, which the core
// never looks into; it is nil for the no-op a new leader appends (§8).
// Commands are JSON so that messages and storage stay readable.
type Entry struct {
	Index uint64          `json:"index"`
	Term  uint64          `json:"term"`
	Data  json.RawMessage `json:"data,omitempty"`
}

// HardState is what a server must persist before it answers anything
// (Figure 2, "Persistent state on all servers"; the log is persisted entry
// by entry through Ready.Entries).
type HardState struct {
	Term uint64 `json:"term"` // latest term the server has seen; never decreases
	Vote string `json:"vote"` // the candidate voted for in Term, "" if none
}

// Snapshot is a compacted log prefix (§7): the state machine's state after
// applying every entry up to Index, whose term was Term.
type Snapshot struct {
	Index uint64          `json:"index"`
	Term  uint64          `json:"term"`
	Data  json.RawMessage `json:"data,omitempty"`
}

// MsgType is the kind of a Message: the paper's two RPCs and their
// replies, plus InstallSnapshot (§7).
type MsgType uint8

// The message kinds.
const (
	// MsgVote is RequestVote (§5.2): Index and LogTerm are the candidate's
	// last log entry.
	MsgVote MsgType = iota + 1
	// MsgVoteResp answers MsgVote; Reject is false when the vote is
	// granted.
	MsgVoteResp
	// MsgApp is AppendEntries (§5.3), a heartbeat when Entries is empty:
	// Index and LogTerm identify the entry preceding Entries, Commit is the
	// leader's commit index, Seq the leader's read round (§6.4 of Ongaro's
	// dissertation).
	MsgApp
	// MsgAppResp answers MsgApp and MsgSnap. On success Index is the last
	// index the follower now knows to match the leader's log. On a rejection
	// Index and LogTerm are the conflict hint of the fast back-up (end of
	// §5.3): the first index the follower holds of the term LogTerm it has at
	// the leader's Index, or, with LogTerm 0, one past its last index. Seq
	// echoes the MsgApp's.
	MsgAppResp
	// MsgSnap is InstallSnapshot (§7), sent in one piece.
	MsgSnap
)

var msgNames = map[MsgType]string{
	MsgVote: "vote", MsgVoteResp: "vote_resp", MsgApp: "append", MsgAppResp: "append_resp", MsgSnap: "snapshot",
}

// String is the kind's wire name.
func (t MsgType) String() string {
	if s, ok := msgNames[t]; ok {
		return s
	}
	return "unknown(" + strconv.Itoa(int(t)) + ")"
}

// ParseMsgType reads a wire name back.
func ParseMsgType(s string) (MsgType, error) {
	for t, name := range msgNames {
		if name == s {
			return t, nil
		}
	}
	return 0, fmt.Errorf("raft: unknown message kind %q", s)
}

// Message is everything servers say to each other. Which fields matter
// depends on Type; the rest are zero.
type Message struct {
	Type     MsgType   `json:"-"`
	From     string    `json:"-"`
	To       string    `json:"-"`
	Term     uint64    `json:"term"`
	Index    uint64    `json:"index,omitempty"`
	LogTerm  uint64    `json:"log_term,omitempty"`
	Commit   uint64    `json:"commit,omitempty"`
	Entries  []Entry   `json:"entries,omitempty"`
	Reject   bool      `json:"reject,omitempty"`
	Seq      uint64    `json:"seq,omitempty"`
	Snapshot *Snapshot `json:"snapshot,omitempty"`
}

// String renders a message the way transcripts show it, e.g.
//
//	n1->n2 append t2 prev=3@t1 commit=3 seq=1 [4@t2 "x"]
func (m Message) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s->%s %s t%d", m.From, m.To, m.Type, m.Term)
	switch m.Type {
	case MsgVote:
		fmt.Fprintf(&b, " last=%d@t%d", m.Index, m.LogTerm)
	case MsgVoteResp:
		b.WriteString(verdict(m.Reject, "rejected", "granted"))
	case MsgApp:
		fmt.Fprintf(&b, " prev=%d@t%d commit=%d", m.Index, m.LogTerm, m.Commit)
		if m.Seq > 0 {
			fmt.Fprintf(&b, " seq=%d", m.Seq)
		}
		if len(m.Entries) > 0 {
			b.WriteString(" " + FormatEntries(m.Entries))
		}
	case MsgAppResp:
		switch {
		case m.Reject && m.Index == 0: // to a server of an earlier term
			b.WriteString(" rejected")
		case m.Reject && m.LogTerm == 0:
			fmt.Fprintf(&b, " rejected hint=%d", m.Index)
		case m.Reject:
			fmt.Fprintf(&b, " rejected hint=%d@t%d", m.Index, m.LogTerm)
		default:
			fmt.Fprintf(&b, " match=%d", m.Index)
		}
		if m.Seq > 0 {
			fmt.Fprintf(&b, " seq=%d", m.Seq)
		}
	case MsgSnap:
		if s := m.Snapshot; s != nil {
			fmt.Fprintf(&b, " last=%d@t%d %s", s.Index, s.Term, s.Data)
		}
	}
	return b.String()
}

func verdict(reject bool, no, yes string) string {
	if reject {
		return " " + no
	}
	return " " + yes
}

// FormatEntries renders entries as [index@tTerm data ...]; the no-op shows
// as index@tTerm alone.
func FormatEntries(ents []Entry) string {
	parts := make([]string, len(ents))
	for i, e := range ents {
		parts[i] = fmt.Sprintf("%d@t%d", e.Index, e.Term)
		if e.Data != nil {
			parts[i] += " " + string(e.Data)
		}
	}
	return "[" + strings.Join(parts, " ") + "]"
}
