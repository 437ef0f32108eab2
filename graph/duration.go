package graph

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Duration is a timeout value. None means "no timeout at all", which is a value, not a
// missing one: an unbounded idle pool is the most common cause of resets.
type Duration struct {
	D    time.Duration
	None bool
}

// NoTimeout is the "no timeout" value.
var NoTimeout = Duration{None: true}

// Dur returns a bounded duration.
func Dur(d time.Duration) Duration { return Duration{D: d} }

// Less reports whether d is strictly shorter than e ("none" is longer than anything).
func (d Duration) Less(e Duration) bool {
	switch {
	case d.None:
		return false
	case e.None:
		return true
	default:
		return d.D < e.D
	}
}

// String prints the value the way people write it: "none", "75s", "1m30s", "250ms".
func (d Duration) String() string {
	if d.None {
		return "none"
	}
	return FormatDuration(d.D)
}

// FormatDuration prints whole seconds as "Ns" (as configs say "300s", not "5m0s") and
// anything else in Go's notation.
func FormatDuration(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", d/time.Second)
	}
	if d < time.Second && d%time.Millisecond == 0 {
		return fmt.Sprintf("%dms", d/time.Millisecond)
	}
	return d.String()
}

// Syntax says how one configuration language writes durations.
type Syntax struct {
	// Bare is the unit of a number without suffix; 0 means a suffix is required.
	Bare time.Duration
	// Units maps each accepted suffix to its length.
	Units map[string]time.Duration
	// Combined allows several number+unit parts, largest first ("1h30m").
	Combined bool
	// Fractions allows a decimal point ("0.25s").
	Fractions bool
	// SpaceSeparated allows spaces between combined parts ("1h 30m").
	SpaceSeparated bool
}

// Errors returned by ParseDuration; callers add file positions.
var (
	ErrEmptyDuration = errors.New("empty duration")
	ErrNeedUnit      = errors.New("a unit is required")
	ErrOverflow      = errors.New("duration too large")
)

// ParseDuration reads text in the given syntax. It never panics and does not allocate on
// success; it is used in every parser's hot path.
func (s Syntax) ParseDuration(text string) (time.Duration, error) {
	if text == "" {
		return 0, ErrEmptyDuration
	}
	var total time.Duration
	i, parts := 0, 0
	for i < len(text) {
		if s.SpaceSeparated && parts > 0 {
			for i < len(text) && text[i] == ' ' {
				i++
			}
		}
		start := i
		var whole uint64
		for i < len(text) && text[i] >= '0' && text[i] <= '9' {
			if whole > math.MaxInt64/10 {
				return 0, ErrOverflow
			}
			whole = whole*10 + uint64(text[i]-'0')
			i++
		}
		frac, fracScale := uint64(0), uint64(1)
		if s.Fractions && i < len(text) && text[i] == '.' {
			i++
			for i < len(text) && text[i] >= '0' && text[i] <= '9' {
				if fracScale < 1e12 {
					frac = frac*10 + uint64(text[i]-'0')
					fracScale *= 10
				}
				i++
			}
		}
		if i == start {
			return 0, fmt.Errorf("%q is not a duration: expected a number at %q", text, text[i:])
		}
		unitStart := i
		for i < len(text) && (text[i] >= 'a' && text[i] <= 'z' || text[i] >= 'A' && text[i] <= 'Z') {
			i++
		}
		suffix := text[unitStart:i]
		var unit time.Duration
		if suffix == "" {
			if s.Bare == 0 {
				return 0, fmt.Errorf("%q: %w (%s)", text, ErrNeedUnit, s.unitList())
			}
			if i < len(text) && text[i] == '.' {
				return 0, fmt.Errorf("%q is not a duration: fractions are not allowed here", text)
			}
			if parts > 0 || i < len(text) {
				return 0, fmt.Errorf("%q is not a duration: a number without unit must stand alone", text)
			}
			unit = s.Bare
		} else {
			u, ok := s.Units[suffix]
			if !ok {
				return 0, fmt.Errorf("%q is not a duration: unknown unit %q (%s)", text, suffix, s.unitList())
			}
			unit = u
		}
		if whole > uint64(math.MaxInt64/int64(unit)) {
			return 0, ErrOverflow
		}
		part := time.Duration(whole) * unit
		if frac > 0 {
			part += time.Duration(float64(unit) * float64(frac) / float64(fracScale))
		}
		if total > math.MaxInt64-part {
			return 0, ErrOverflow
		}
		total += part
		parts++
		if parts > 1 && !s.Combined {
			return 0, fmt.Errorf("%q is not a duration: one number and unit expected", text)
		}
	}
	return total, nil
}

func (s Syntax) unitList() string {
	units := make([]string, 0, len(s.Units))
	for u := range s.Units {
		units = append(units, u)
	}
	slices.SortFunc(units, func(a, b string) int {
		if c := cmp.Compare(s.Units[a], s.Units[b]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	msg := "units: " + strings.Join(units, " ")
	switch s.Bare {
	case 0:
	case time.Millisecond:
		msg += "; a number without unit is in milliseconds"
	case time.Second:
		msg += "; a number without unit is in seconds"
	default:
		msg += "; a number without unit counts " + FormatDuration(s.Bare)
	}
	return msg
}

// UnitName names the unit a bare number is read in: "seconds", "milliseconds".
func UnitName(u time.Duration) string {
	switch u {
	case time.Nanosecond:
		return "nanoseconds"
	case time.Millisecond:
		return "milliseconds"
	case time.Second:
		return "seconds"
	case time.Minute:
		return "minutes"
	}
	return FormatDuration(u)
}
