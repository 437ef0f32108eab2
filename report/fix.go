package report

import "github.com/tolint/tolint/rules"

// messageWithFix is the message with the fix appended, for formats with one text field.
func messageWithFix(f *rules.Finding) string {
	if f.Fix == "" {
		return f.Message
	}
	return f.Message + " Fix: " + f.Fix
}
