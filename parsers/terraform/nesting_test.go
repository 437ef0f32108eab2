package terraform

import (
	"fmt"
	"strings"
	"testing"
)

// TestOperatorChains: hcl recurses once per operator of an expression, and a stack overflow
// ends the whole run (900,000 minus signs did), so a file whose expression chains more than
// maxOperators is refused; operators of separate expressions do not add up.
func TestOperatorChains(t *testing.T) {
	const n = maxOperators + 2000
	attr := func(expr string) string { return "locals {\n  x = " + expr + "\n}\n" }
	for _, tt := range []struct {
		name, rel, src string
		want           string // "line:col why" ("line byte B why" in JSON), or "" for a file that is read
	}{
		{"unary minus", "main.tf", attr(strings.Repeat("-", n) + "1"), "2:10007 an expression with more than 10000 operators"},
		{"negation", "main.tf", attr(strings.Repeat("!", n) + "true"), "2:10007 an expression with more than 10000 operators"},
		{"binary chain", "main.tf", attr(strings.Repeat("1+", n) + "1"), "2:20008 an expression with more than 10000 operators"},
		{"binary chain over lines in parentheses", "main.tf", attr("(" + strings.Repeat("1 +\n", n) + "1)"), "10002:3 an expression with more than 10000 operators"},
		{"conditionals", "main.tf", attr(strings.Repeat("true ? 1 : ", n) + "2"), "2:110012 an expression with more than 10000 operators"},
		{"nested chains add up", "main.tf", attr(strings.Repeat("1+(", 600) + strings.Repeat("1+", 9500) + "1" + strings.Repeat(")", 600)), "2:20608 an expression with more than 10000 operators"},
		{"JSON template", "main.tf.json", `{"locals": {"x": "${` + strings.Repeat("1+", n) + `1}"}}`, "1 byte 17 an expression with more than 10000 operators"},
		{"splats", "main.tf", attr("var.x" + strings.Repeat("[*]", n)), "2:30013 an expression with more than 10000 operators"},
		{"attribute splats", "main.tf", attr("var.x" + strings.Repeat(".*", n)), "2:20013 an expression with more than 10000 operators"},
		{"if directives", "main.tf", attr(`"` + strings.Repeat("%{~ if true ~}", 1200) + "x" + strings.Repeat("%{ endif }", 1200) + `"`), "2:13956 brackets, strings or templates nested deeper than 1000 levels"},
		{"for directives", "main.tf", attr(`"` + strings.Repeat("%{ for x in [1] }", 1200) + "x" + strings.Repeat("%{ endfor }", 1200) + `"`), "2:16943 brackets, strings or templates nested deeper than 1000 levels"},
		{"index chain", "main.tf", attr("var.x" + strings.Repeat("[0]", n)), ""},
		{"directives in a row", "main.tf", attr(`"` + strings.Repeat("%{ if true }x%{ endif }", n) + `"`), ""},
		{"one operator per line", "main.tf", "locals {\n" + strings.Repeat("  a = 1 + 1\n", n) + "}\n", ""},
		{"list items", "main.tf", attr("[" + strings.Repeat("1 + 1,\n", n) + "]"), ""},
		{"object items", "main.tf", attr("{\n" + strings.Repeat("  a = 1 + 1\n", n) + "}"), ""},
		{"template sequences", "main.tf", attr(`"` + strings.Repeat("${1 + 1}", n) + `"`), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			at, why := unparsable([]byte(tt.src), tt.rel)
			got := ""
			if why != "" {
				got = fmt.Sprintf("%d:%d %s", at.Line, at.Column, strings.TrimSuffix(why, "; the file was not read"))
				if at.Column == 0 {
					got = fmt.Sprintf("%d byte %d %s", at.Line, at.Byte, strings.TrimSuffix(why, "; the file was not read"))
				}
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
