// Package wire is Maelstrom's wire format at the byte level: the envelope
// {"id","src","dest","body"} that crosses stdin/stdout and the simulated
// network, and the few reserved body keys (type, msg_id, in_reply_to) that
// runtimes must read or set without decoding a whole body.
//
// Everything here works on bytes and allocates little, because every message
// of every simulated run passes through it. Bodies are scanned, not decoded:
// the scanner finds the top-level keys of a JSON object and the extent of
// their values, which is enough to route a message and to add or replace a
// reserved key. Full validation happens where untrusted bytes enter (the
// process host); bytes produced by a JSON encoder are trusted.
package wire
