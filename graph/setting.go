package graph

import (
	"fmt"
	"time"
)

// Origin says how a setting got its value.
type Origin uint8

const (
	// Unset means nothing is known; rules skip the setting.
	Unset Origin = iota
	// Explicit means written in a configuration file at Pos.
	Explicit
	// Inherited means written in an enclosing block (Pos is that line); Note says which.
	Inherited
	// Default means the software's default; Pos is the block that relies on it, Note the source.
	Default
	// Declared means stated in the topology file at Pos.
	Declared
	// Measured means tolint verify measured it on the live hop; Note is the URL, Pos the
	// probe's line in the topology file (if any), Overrides the value the graph held.
	Measured
)

func (o Origin) String() string {
	switch o {
	case Explicit:
		return "explicit"
	case Inherited:
		return "inherited"
	case Default:
		return "default"
	case Declared:
		return "declared"
	case Measured:
		return "measured"
	default:
		return "unset"
	}
}

// Setting is one configured value with its provenance.
type Setting[T any] struct {
	Value T
	// Pos is the value's position (Explicit, Declared), the enclosing block's value
	// (Inherited), or the block that relies on a default (Default).
	Pos Pos
	// Key is the name as the configuration spells it: "keepalive_timeout", "timeout client".
	Key string
	// Raw is the value as written ("30", "5m"), empty for defaults.
	Raw string
	// Note explains a default (software, version and source) or an inheritance.
	Note string
	// BareUnit is the unit a bare number was read in (0 when the value had a suffix); it lets
	// rules spot values whose unit the author likely did not mean without knowing the format.
	BareUnit time.Duration
	// Overrides is the parsed value a declaration replaced, so the graph can show both.
	Overrides *Setting[T]
	// Origin and the flags after it come last, packed into one word: a pool holds ten
	// settings.
	Origin Origin
	// OnlyBare: the format takes nothing but a number in BareUnit here (timeoutInMillis,
	// HikariCP's millisecond properties), so a unit cannot be written.
	OnlyBare bool
	// Fixed: the software does not let users change this value (Google's 600s backend
	// keepalive), so a fix must change the other side.
	Fixed bool
}

// Known reports whether the setting has a value.
func (s Setting[T]) Known() bool { return s.Origin != Unset }

// DurationSetting is a timeout.
type DurationSetting = Setting[Duration]

// Rare is a setting that few pools have, kept behind a pointer so that the pools of the
// formats that never set it stay small: four rare settings inline took a third of a Pool,
// 2.4 MB for a haproxy.cfg of 5,000 backends. The zero value is unset.
type Rare[T any] struct{ s *Setting[T] }

// Get returns the setting, unset when it was never set.
func (r Rare[T]) Get() Setting[T] {
	if r.s == nil {
		return Setting[T]{}
	}
	return *r.s
}

// Known reports whether the setting has a value.
func (r Rare[T]) Known() bool { return r.s != nil && r.s.Known() }

// NewRare holds s; an unset s allocates nothing.
func NewRare[T any](s Setting[T]) Rare[T] {
	if !s.Known() {
		return Rare[T]{}
	}
	return Rare[T]{&s}
}

// Provenance describes where the value came from in a few words, for messages:
// "keepalive_timeout 10s at vm/nginx.conf:3:5", "nginx default 75s (https://…)".
func (s Setting[T]) Provenance(value string) string {
	switch s.Origin {
	case Explicit:
		return s.Key + " " + value + " at " + s.Pos.String()
	case Inherited:
		return s.Key + " " + value + " inherited from " + s.Pos.String()
	case Default:
		if s.Note != "" {
			return s.Note
		}
		return s.Key + " default " + value
	case Declared:
		return s.Key + " " + value + " declared at " + s.Pos.String()
	case Measured:
		return s.Key + " " + value + " measured by tolint verify from " + s.Note
	default:
		return s.Key + " unknown"
	}
}

// Describe is Provenance with the value printed by fmt (Duration prints "75s" or "none").
func (s Setting[T]) Describe() string { return s.Provenance(fmt.Sprint(s.Value)) }

// How says where the value came from without repeating its position, for text printed next
// to the value's own line: "explicit", "inherited from http block", a default's source note.
func (s Setting[T]) How() string {
	switch s.Origin {
	case Inherited, Default:
		if s.Note != "" {
			return s.Note
		}
	case Declared:
		return "declared in the topology file"
	case Measured:
		return "measured by tolint verify from " + s.Note
	}
	return s.Origin.String()
}
