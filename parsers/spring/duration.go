package spring

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
)

// simpleUnits are the suffixes of Spring's DurationStyle.SIMPLE; Spring matches them
// ignoring case, so the upper-case forms are listed too.
var simpleUnits = map[string]time.Duration{
	"ns": time.Nanosecond, "us": time.Microsecond, "ms": time.Millisecond,
	"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour,
	"NS": time.Nanosecond, "US": time.Microsecond, "MS": time.Millisecond, "Ns": time.Nanosecond,
	"Us": time.Microsecond, "Ms": time.Millisecond, "nS": time.Nanosecond, "uS": time.Microsecond,
	"mS": time.Millisecond, "S": time.Second, "M": time.Minute, "H": time.Hour, "D": 24 * time.Hour,
}

// simpleSyntax is DurationStyle.SIMPLE: one whole number and an optional unit; a bare number
// is in the property's unit (milliseconds unless @DurationUnit says otherwise).
var simpleSyntax = graph.Syntax{Bare: time.Millisecond, Units: simpleUnits}

// errNegative marks a negative duration; callers decide what it means (-1 is Tomcat's
// "no timeout").
var errNegative = errors.New("negative duration")

// parseSpringDuration reads a java.time.Duration property as Spring Boot converts it:
// ISO-8601 (PT3S, PT1M30S, P1D) or the simple form (3s, 500ms, 1m, 2h, 1d, 10us, 5ns,
// a bare number in milliseconds: none of the properties read here carries @DurationUnit,
// checked in ServerProperties and the gateway's HttpClientProperties). It returns the
// unit a bare number was read in (0 when the text had a unit). A negative value returns
// its magnitude and errNegative.
func parseSpringDuration(text string) (d, bareUnit time.Duration, err error) {
	const bare = time.Millisecond
	s := strings.TrimSpace(text)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s != "" && (s[0] == 'P' || s[0] == 'p') {
		d, err = parseISODuration(s)
		if d < 0 {
			d, neg = -d, !neg
		}
	} else {
		d, err = simpleSyntax.ParseDuration(s)
		if err == nil && isDigits(s) {
			bareUnit = bare
		}
	}
	if err != nil {
		return 0, 0, fmt.Errorf("%q is not a duration (write 30s, 500ms, PT30S or a number of %s): %w", text, graph.UnitName(bare), unwrapSyntax(err))
	}
	if neg && d != 0 {
		return d, bareUnit, errNegative
	}
	return d, bareUnit, nil
}

// unwrapSyntax drops graph.Syntax's own quoting of the text, which the caller repeats.
func unwrapSyntax(err error) error {
	switch {
	case errors.Is(err, graph.ErrOverflow):
		return graph.ErrOverflow
	case errors.Is(err, graph.ErrEmptyDuration):
		return graph.ErrEmptyDuration
	}
	msg := err.Error()
	if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "\"") {
		msg = msg[i+2:]
	} else if i := strings.Index(msg, "is not a duration: "); i >= 0 {
		msg = msg[i+len("is not a duration: "):]
	}
	return errors.New(msg)
}

// parseISODuration reads what java.time.Duration.parse accepts after the sign:
// P[nD][T[nH][nM][n[.f]S]], letters in either case, each number with an optional sign;
// the result may be negative.
func parseISODuration(s string) (time.Duration, error) {
	bad := func(why string) (time.Duration, error) {
		return 0, errors.New("ISO-8601 duration " + why)
	}
	if len(s) < 2 {
		return bad("needs at least one part after P")
	}
	s = s[1:]
	var total float64
	inTime, parts := false, 0
	order := 0 // D=1, H=2, M=3, S=4: parts must come in this order
	for len(s) > 0 {
		if s[0] == 'T' || s[0] == 't' {
			if inTime {
				return bad("has T twice")
			}
			inTime = true
			s = s[1:]
			if s == "" {
				return bad("ends after T")
			}
			continue
		}
		i := 0
		sign := 1.0
		if s[0] == '+' || s[0] == '-' {
			if s[0] == '-' {
				sign = -1
			}
			i++
		}
		start := i
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
			i++
		}
		if i == start || i == len(s) {
			return bad("needs a number followed by D, H, M or S")
		}
		num := strings.ReplaceAll(s[start:i], ",", ".")
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return bad(fmt.Sprintf("has a bad number %q", num))
		}
		var unit time.Duration
		var rank int
		switch s[i] {
		case 'D', 'd':
			unit, rank = 24*time.Hour, 1
		case 'H', 'h':
			unit, rank = time.Hour, 2
		case 'M', 'm':
			unit, rank = time.Minute, 3
		case 'S', 's':
			unit, rank = time.Second, 4
		default:
			return bad(fmt.Sprintf("has an unknown unit %q (D, H, M, S)", s[i]))
		}
		if (rank == 1) == inTime || rank <= order {
			return bad("parts must be nD, then T, then nH, nM, nS in that order")
		}
		if strings.Contains(num, ".") && rank != 4 {
			return bad("allows a fraction only on seconds")
		}
		order = rank
		total += sign * v * float64(unit)
		parts++
		s = s[i+1:]
	}
	if parts == 0 {
		return bad("needs at least one part after P")
	}
	if total > math.MaxInt64 || total < -math.MaxInt64 {
		return 0, graph.ErrOverflow
	}
	return time.Duration(total), nil
}

// parseMillis reads an Integer or long property that counts milliseconds (HikariCP, Feign,
// the gateway's connect-timeout): Spring converts it with Integer.valueOf/Long.valueOf,
// so a unit suffix makes the application fail to start.
func parseMillis(text string) (time.Duration, error) {
	s := strings.TrimSpace(text)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if !isDigits(s) {
		if _, _, err := parseSpringDuration(text); err == nil || errors.Is(err, errNegative) {
			return 0, fmt.Errorf("%q: this property is a plain number of milliseconds; Spring cannot bind a duration with a unit to it and fails at start-up", text)
		}
		return 0, fmt.Errorf("%q is not a number of milliseconds", text)
	}
	d, err := simpleSyntax.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", text, unwrapSyntax(err))
	}
	if neg && d != 0 {
		return d, errNegative
	}
	return d, nil
}
