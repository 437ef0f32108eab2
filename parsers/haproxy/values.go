package haproxy

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
)

// haproxyUnits are the suffixes of configuration.txt section 2.5 "Time format".
var haproxyUnits = map[string]time.Duration{
	"us": time.Microsecond,
	"ms": time.Millisecond,
	"s":  time.Second,
	"m":  time.Minute,
	"h":  time.Hour,
	"d":  24 * time.Hour,
}

// timeSyntax is HAProxy's time format: one whole number, bare = milliseconds.
var timeSyntax = graph.Syntax{Bare: time.Millisecond, Units: haproxyUnits}

// secondsSyntax is the same format for the few keywords whose bare number means
// seconds (srvtcpka-idle, after the TCP_KEEPIDLE socket option).
var secondsSyntax = graph.Syntax{Bare: time.Second, Units: haproxyUnits}

// lenientSyntax reads what people write by mistake ("1.5s", "1m30s") so that the error
// message can suggest the value HAProxy accepts.
var lenientSyntax = graph.Syntax{Bare: time.Millisecond, Units: haproxyUnits, Combined: true, Fractions: true}

// maxTimer is the largest timer HAProxy accepts: 2^31-1 ms, about 24.8 days.
const maxTimer = (1<<31 - 1) * time.Millisecond

// timeValue is a time value read from the configuration.
type timeValue struct {
	set bool
	// unknown is set when the value comes from an environment variable with no default.
	unknown bool
	d       graph.Duration
	raw     string
	// bareUnit is the unit of a number written without suffix, 0 when a suffix was written.
	bareUnit time.Duration
	pos      graph.Pos
	// note explains a value taken from an environment variable's default.
	note string
}

// parseTime reads a time value. zeroIsNone maps 0 to "no timeout", as HAProxy does for
// its timeouts (a 0 timeout is an unset one). It returns an error message for the
// user when the value is not valid.
func parseTime(w word, syntax graph.Syntax, zeroIsNone bool) (timeValue, error) {
	v := timeValue{set: true, raw: w.raw, pos: w.pos}
	text := w.text
	if strings.IndexByte(text, '$') >= 0 {
		def, ok := envDefault(text)
		if !ok {
			v.unknown = true
			v.note = "set from an environment variable (" + text + ") whose value is not known when linting"
			return v, nil
		}
		v.note = "the default of " + text + ", used when the variable is not set"
		text = def
	}
	d, err := syntax.ParseDuration(text)
	if err != nil {
		return v, timeError(text, err)
	}
	if syntax.Bare == time.Millisecond && d > maxTimer {
		return v, fmt.Errorf("%q is too large: HAProxy's timers stop at 2147483647ms (about 24.8 days)", text)
	}
	if isDigits(text) {
		v.bareUnit = syntax.Bare
	}
	v.d = graph.Dur(d)
	if d == 0 && zeroIsNone {
		v.d = graph.NoTimeout
	}
	return v, nil
}

// timeError explains a rejected time value and, where the intent is clear, suggests the
// value HAProxy accepts.
func timeError(text string, err error) error {
	if errors.Is(err, graph.ErrOverflow) {
		return fmt.Errorf("%q is too large", text)
	}
	d, lerr := lenientSyntax.ParseDuration(text)
	if lerr != nil || d == 0 {
		return err
	}
	if strings.IndexByte(text, '.') >= 0 {
		return fmt.Errorf("%q: HAProxy accepts whole numbers only (write %s)", text, wholeUnits(d))
	}
	return fmt.Errorf("%q: HAProxy reads one number and one unit (write %s)", text, wholeUnits(d))
}

// wholeUnits prints d as one whole number with the largest HAProxy unit that fits.
func wholeUnits(d time.Duration) string {
	for _, u := range []struct {
		name string
		d    time.Duration
	}{{"d", 24 * time.Hour}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}, {"ms", time.Millisecond}} {
		if d%u.d == 0 {
			return fmt.Sprint(int64(d/u.d)) + u.name
		}
	}
	return fmt.Sprint(int64(d/time.Microsecond)) + "us"
}

// envDefault returns the default of a value that is exactly "${NAME-default}"
// (configuration.txt section 2.3).
func envDefault(text string) (string, bool) {
	if !strings.HasPrefix(text, "${") || !strings.HasSuffix(text, "}") {
		return "", false
	}
	inner := text[2 : len(text)-1]
	dash := strings.IndexByte(inner, '-')
	if dash <= 0 || strings.ContainsAny(inner, "${}") {
		return "", false
	}
	return inner[dash+1:], true
}
