package report

import (
	"cmp"
	"encoding/xml"
	"io"
	"slices"

	"github.com/tolint/tolint/rules"
)

type checkstyleReport struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// Checkstyle writes Checkstyle XML: one <file> per file, sorted by name, each with its
// findings in position order. The fix is appended to the message.
func Checkstyle(w io.Writer, findings []rules.Finding, _ Stats, _ Options) error {
	sorted := slices.Clone(findings)
	slices.SortStableFunc(sorted, func(a, b rules.Finding) int { return a.Pos.Compare(b.Pos) })
	doc := checkstyleReport{Version: "4.3"}
	for i := range sorted {
		f := &sorted[i]
		if n := len(doc.Files); n == 0 || doc.Files[n-1].Name != f.Pos.File {
			doc.Files = append(doc.Files, checkstyleFile{Name: f.Pos.File})
		}
		id, _ := ruleIdentity(f)
		file := &doc.Files[len(doc.Files)-1]
		file.Errors = append(file.Errors, checkstyleError{
			Line:     f.Pos.Line,
			Column:   f.Pos.Col,
			Severity: severityOf(f).String(),
			Message:  messageWithFix(f),
			Source:   "tolint." + cmp.Or(id, "unknown"),
		})
	}
	return writeXML(w, doc)
}

func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
