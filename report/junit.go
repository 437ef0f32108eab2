package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/tolint/tolint/rules"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Classname string         `xml:"classname,attr"`
	Name      string         `xml:"name,attr"`
	Failures  []junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnit writes JUnit XML: one test suite "tolint" with a test case per rule, in rules.All()
// order (rules that findings name but tolint does not list come last). A rule with findings
// fails once per finding; a rule without passes. Counts are of test cases (tests) and of
// failure elements (failures).
func JUnit(w io.Writer, findings []rules.Finding, _ Stats, _ Options) error {
	var cases []junitCase
	index := map[string]int{}
	add := func(id, name string) int {
		if i, ok := index[id]; ok {
			return i
		}
		index[id] = len(cases)
		cases = append(cases, junitCase{Classname: "tolint", Name: strings.TrimSpace(id + " " + name)})
		return len(cases) - 1
	}
	for _, r := range rules.All() {
		add(r.ID, r.Name)
	}
	suite := junitSuite{Name: "tolint"}
	for i := range findings {
		f := &findings[i]
		id, name := ruleIdentity(f)
		c := &cases[add(id, name)]
		var text strings.Builder
		for _, rel := range f.Related {
			fmt.Fprintf(&text, "%s: %s\n", rel.Pos, rel.Message)
		}
		if len(f.Path) > 0 {
			fmt.Fprintf(&text, "path: %s\n", strings.Join(f.Path, " -> "))
		}
		if f.Fix != "" {
			fmt.Fprintf(&text, "fix: %s\n", f.Fix)
		}
		c.Failures = append(c.Failures, junitFailure{
			Message: fmt.Sprintf("%s: %s", f.Pos, f.Message),
			Type:    severityOf(f).String(),
			Text:    text.String(),
		})
		suite.Failures++
	}
	suite.Cases = cases
	suite.Tests = len(cases)
	doc := junitSuites{Name: "tolint", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
	return writeXML(w, doc)
}
