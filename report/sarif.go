package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/rules"
)

// SARIF 2.1.0, only the parts tolint fills. Field names follow the specification.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
	// ColumnKind says columns count UTF-16 code units (SARIF's default, which GitHub uses);
	// tolint's own columns count bytes and are converted with the source line.
	ColumnKind string `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string     `json:"id"`
	Name                 string     `json:"name"`
	ShortDescription     *sarifText `json:"shortDescription,omitempty"`
	FullDescription      *sarifText `json:"fullDescription,omitempty"`
	Help                 *sarifText `json:"help,omitempty"`
	HelpURI              string     `json:"helpUri"`
	DefaultConfiguration struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId,omitempty"`
	RuleIndex           *int              `json:"ruleIndex,omitempty"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          *sarifProperties  `json:"properties,omitempty"`
}

type sarifProperties struct {
	Fix string `json:"fix"`
}

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifText            `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine,omitempty"`
	StartColumn int `json:"startColumn,omitempty"`
}

const (
	informationURI = "https://github.com/tolint/tolint"
	ruleDocURI     = "https://github.com/tolint/tolint/blob/main/docs/rules/"
	fingerprintKey = "tolint/v1"
)

// SARIF writes one SARIF 2.1.0 log with one run: every rule tolint has, then the findings in
// the order given. The fix, which SARIF can only carry as file edits, is appended to the
// message and kept in the result's properties.
func SARIF(w io.Writer, findings []rules.Finding, _ Stats, opts Options) error {
	all := rules.All()
	index := make(map[string]int, len(all))
	driver := sarifDriver{Name: "tolint", InformationURI: informationURI, Version: opts.Version, Rules: make([]sarifRule, len(all))}
	for i, r := range all {
		index[r.ID] = i
		sr := sarifRule{ID: r.ID, Name: r.Name, HelpURI: ruleDocURI + r.ID + ".md"}
		if r.Summary != "" {
			sr.ShortDescription = &sarifText{r.Summary}
		}
		if p := firstParagraph(r.Explanation); p != "" {
			sr.FullDescription = &sarifText{p}
		}
		if e := strings.TrimSpace(r.Explanation); e != "" {
			sr.Help = &sarifText{e}
		}
		sr.DefaultConfiguration.Level = sarifLevel(r.Severity)
		driver.Rules[i] = sr
	}
	run := sarifRun{Tool: sarifTool{driver}, Results: make([]sarifResult, len(findings)), ColumnKind: "utf16CodeUnits"}
	sarifPhysical := func(p graph.Pos) sarifPhysicalLocation { return sarifPhysical(p, opts.Source) }
	for i := range findings {
		f := &findings[i]
		id, _ := ruleIdentity(f)
		res := sarifResult{
			RuleID:              id,
			Level:               sarifLevel(severityOf(f)),
			Message:             sarifText{messageWithFix(f)},
			Locations:           []sarifLocation{{PhysicalLocation: sarifPhysical(f.Pos)}},
			PartialFingerprints: map[string]string{fingerprintKey: f.Fingerprint()},
		}
		if j, ok := index[id]; ok {
			res.RuleIndex = &j
		}
		for j, rel := range f.Related {
			n := j + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID: &n, PhysicalLocation: sarifPhysical(rel.Pos), Message: &sarifText{rel.Message},
			})
		}
		if f.Fix != "" {
			res.Properties = &sarifProperties{Fix: f.Fix}
		}
		run.Results[i] = res
	}
	doc := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	default:
		return "note"
	}
}

// sarifPhysical names the file as a URI: relative paths against %SRCROOT% (the scan's
// working directory), absolute ones as file URIs.
func sarifPhysical(p graph.Pos, source SourceReader) sarifPhysicalLocation {
	file := filepath.ToSlash(p.File)
	var loc sarifArtifactLocation
	if filepath.IsAbs(p.File) || strings.HasPrefix(file, "/") {
		if !strings.HasPrefix(file, "/") {
			file = "/" + file // C:/x -> /C:/x
		}
		loc.URI = (&url.URL{Scheme: "file", Path: file}).String()
	} else {
		loc.URI = (&url.URL{Path: file}).String()
		loc.URIBaseID = "%SRCROOT%"
	}
	pl := sarifPhysicalLocation{ArtifactLocation: loc}
	if p.Line > 0 {
		pl.Region = &sarifRegion{StartLine: p.Line}
		if p.Col > 0 {
			pl.Region.StartColumn = utf16Column(p, source)
		}
	}
	return pl
}

// utf16Column converts a byte column to UTF-16 code units using the source line; without
// the line (or with invalid UTF-8 before the column) the byte column is the best guess.
func utf16Column(p graph.Pos, source SourceReader) int {
	if source == nil {
		return p.Col
	}
	line, ok := source.Line(p.File, p.Line)
	if !ok || p.Col-1 > len(line) || !utf8.ValidString(line[:p.Col-1]) {
		return p.Col
	}
	units := 0
	for _, r := range line[:p.Col-1] {
		units += utf16.RuneLen(r) // valid UTF-8 holds no surrogates, so never -1
	}
	return units + 1
}

// firstParagraph is the text up to the first blank line, joined into one line.
func firstParagraph(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}
