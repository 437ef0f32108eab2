package report

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/tolint/tolint/rules"
)

// positionSuffix matches ":line" or ":line:column" right after a file name in a message.
var positionSuffix = regexp.MustCompile(`^:[0-9]+(:[0-9]+)?`)

// Fingerprint is a stable hash of a finding for SARIF's partialFingerprints and GitLab's
// fingerprint: rule id, file and message. Line numbers are left out, so the fingerprint
// stays when unrelated lines move; positions quoted in the message right after a file the
// finding names ("haproxy.cfg:9:29") are dropped for the same reason. Every other digit of
// the message (the timeout values) is kept.
func Fingerprint(f *rules.Finding) string {
	id, _ := ruleIdentity(f)
	h := sha256.New()
	for _, s := range []string{id, f.Pos.File, stripPositions(f)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// stripPositions removes ":line[:col]" after every mention of a file named by the finding.
func stripPositions(f *rules.Finding) string {
	msg := f.Message
	files := []string{f.Pos.File}
	for _, r := range f.Related {
		files = append(files, r.Pos.File)
	}
	for _, file := range files {
		if file == "" {
			continue
		}
		var b strings.Builder
		rest := msg
		for {
			i := strings.Index(rest, file)
			if i < 0 {
				b.WriteString(rest)
				break
			}
			b.WriteString(rest[:i+len(file)])
			rest = rest[i+len(file):]
			if m := positionSuffix.FindString(rest); m != "" {
				rest = rest[len(m):]
			}
		}
		msg = b.String()
	}
	return msg
}

// messageWithFix is the message with the fix appended, for formats with one text field.
func messageWithFix(f *rules.Finding) string {
	if f.Fix == "" {
		return f.Message
	}
	return f.Message + " Fix: " + f.Fix
}
