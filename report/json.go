package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/rules"
)

// The JSON contract. Names here are what scripts depend on: add fields, never rename.
// Lists are [] rather than null when empty; line and column are 0 when unknown.
type jsonReport struct {
	Version  string        `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Stats    jsonStats     `json:"stats"`
}

type jsonFinding struct {
	Rule     string        `json:"rule"`
	Name     string        `json:"name"`
	Severity string        `json:"severity"`
	Message  string        `json:"message"`
	Location jsonLocation  `json:"location"`
	Related  []jsonRelated `json:"related"`
	Path     []string      `json:"path"`
	Fix      string        `json:"fix,omitempty"`
}

type jsonLocation struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type jsonRelated struct {
	jsonLocation
	Message string `json:"message"`
}

type jsonStats struct {
	Files      int      `json:"files"`
	Hops       int      `json:"hops"`
	Links      int      `json:"links"`
	Segments   int      `json:"segments"`
	DurationMS int64    `json:"duration_ms"`
	Hidden     []Hidden `json:"hidden,omitempty"`
}

// JSON writes findings and stats as one indented JSON document, findings in the order given.
func JSON(w io.Writer, findings []rules.Finding, stats Stats, opts Options) error {
	doc := jsonReport{
		Version:  opts.Version,
		Findings: make([]jsonFinding, len(findings)),
		Stats: jsonStats{
			Files:      stats.Files,
			Hops:       stats.Hops,
			Links:      stats.Links,
			Segments:   stats.Segments,
			DurationMS: stats.Duration.Round(time.Millisecond).Milliseconds(),
			Hidden:     stats.Hidden,
		},
	}
	for i := range findings {
		f := &findings[i]
		id, name := ruleIdentity(f)
		jf := jsonFinding{
			Rule:     id,
			Name:     name,
			Severity: severityOf(f).String(),
			Message:  f.Message,
			Location: location(f.Pos),
			Related:  make([]jsonRelated, len(f.Related)),
			Path:     append([]string{}, f.Path...),
			Fix:      f.Fix,
		}
		for j, rel := range f.Related {
			jf.Related[j] = jsonRelated{location(rel.Pos), rel.Message}
		}
		doc.Findings[i] = jf
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Messages hold "->" and "<"; HTML escaping would only make them harder to read.
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func location(p graph.Pos) jsonLocation {
	return jsonLocation{File: p.File, Line: p.Line, Column: p.Col}
}
