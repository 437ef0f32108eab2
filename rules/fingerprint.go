package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// positionSuffix matches ":line" or ":line:column" right after a file name in a message.
var positionSuffix = regexp.MustCompile(`^:[0-9]+(:[0-9]+)?`)

// Fingerprint is a hash of a finding for SARIF's partialFingerprints and GitLab's
// fingerprint: rule id, file and message. Line numbers are left out, so the fingerprint
// stays when unrelated lines move; positions quoted in the message right after a file the
// finding names ("haproxy.cfg:9:29") are dropped for the same reason. Every other digit of
// the message (the timeout values) is kept, so two findings of one rule in one file differ.
func (f *Finding) Fingerprint() string {
	return hashFields(f.ruleID(), f.Pos.File, stripPositions(f))
}

// BaselineKey identifies a finding across edits for a baseline: rule, file, hop path and
// the setting it is about, without values, so that changing 300s to 200s (still wrong) or
// editing other lines keeps it baselined. Findings without a Key (parse errors) use their
// message without positions. file is the finding's file as the baseline names it
// (relative to the baseline's folder), so the key does not depend on where tolint runs.
func (f *Finding) BaselineKey(file string) string {
	key := f.Key
	if key == "" {
		key = stripPositions(f)
	}
	return hashFields(f.ruleID(), file, strings.Join(f.Path, " -> "), key)
}

func (f *Finding) ruleID() string {
	if f.Rule == nil {
		return ""
	}
	return f.Rule.ID
}

func hashFields(fields ...string) string {
	h := sha256.New()
	for _, s := range fields {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// stripPositions removes ":line[:col]" after every mention of a file named by the finding.
func stripPositions(f *Finding) string {
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
