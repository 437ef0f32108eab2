package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/rules"
)

// documented is the JSON contract as a consumer would declare it, written out independently
// of the writer's own types.
type documented struct {
	Version  string `json:"version"`
	Findings []struct {
		Rule     string `json:"rule"`
		Name     string `json:"name"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
		Location struct {
			File   string `json:"file"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"location"`
		Related []struct {
			File    string `json:"file"`
			Line    int    `json:"line"`
			Column  int    `json:"column"`
			Message string `json:"message"`
		} `json:"related"`
		Path []string `json:"path"`
		Fix  string   `json:"fix"`
	} `json:"findings"`
	Stats struct {
		Files      int `json:"files"`
		Hops       int `json:"hops"`
		Links      int `json:"links"`
		Segments   int `json:"segments"`
		DurationMS int `json:"duration_ms"`
	} `json:"stats"`
}

func jsonOf(t *testing.T, findings []rules.Finding, opts Options) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := JSON(&out, findings, sampleStats, opts); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestJSONRoundTrip(t *testing.T) {
	findings := sampleFindings()
	data := jsonOf(t, findings, Options{Version: "1.2.3"})

	var doc documented
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("output does not decode into the documented shape: %v\n%s", err, data)
	}
	if doc.Version != "1.2.3" {
		t.Errorf("version = %q", doc.Version)
	}
	if len(doc.Findings) != len(findings) {
		t.Fatalf("%d findings, want %d", len(doc.Findings), len(findings))
	}
	for i, got := range doc.Findings {
		want := findings[i]
		if got.Rule != want.Rule.ID || got.Name != want.Rule.Name || got.Severity != want.Severity.String() ||
			got.Message != want.Message || got.Fix != want.Fix {
			t.Errorf("finding %d: %+v, want %+v", i, got, want)
		}
		if got.Location.File != want.Pos.File || got.Location.Line != want.Pos.Line || got.Location.Column != want.Pos.Col {
			t.Errorf("finding %d location = %+v, want %v", i, got.Location, want.Pos)
		}
		if len(got.Related) != len(want.Related) {
			t.Fatalf("finding %d: %d related, want %d", i, len(got.Related), len(want.Related))
		}
		for j, rel := range got.Related {
			w := want.Related[j]
			if rel.File != w.Pos.File || rel.Line != w.Pos.Line || rel.Column != w.Pos.Col || rel.Message != w.Message {
				t.Errorf("finding %d related %d = %+v, want %+v", i, j, rel, w)
			}
		}
		if len(want.Path) > 0 && !slices.Equal(got.Path, want.Path) {
			t.Errorf("finding %d path = %q, want %q", i, got.Path, want.Path)
		}
	}
	s := doc.Stats
	if s.Files != 4 || s.Hops != 4 || s.Links != 1 || s.Segments != 1 || s.DurationMS != 12 {
		t.Errorf("stats = %+v", s)
	}
}

// TestJSONEmptyValues checks what scripts rely on: lists are [], never null, and fix is
// absent rather than "".
func TestJSONEmptyValues(t *testing.T) {
	bare := rules.Finding{Rule: unresolvedLink, Severity: rules.Info, Message: "m", Pos: pos("a", 1, 1)}
	tests := []struct {
		name     string
		findings []rules.Finding
		check    func(t *testing.T, doc map[string]any)
	}{
		{"no findings", nil, func(t *testing.T, doc map[string]any) {
			if list, ok := doc["findings"].([]any); !ok || len(list) != 0 {
				t.Errorf("findings = %#v, want []", doc["findings"])
			}
		}},
		{"bare finding", []rules.Finding{bare}, func(t *testing.T, doc map[string]any) {
			f := doc["findings"].([]any)[0].(map[string]any)
			for _, key := range []string{"related", "path"} {
				if list, ok := f[key].([]any); !ok || len(list) != 0 {
					t.Errorf("%s = %#v, want []", key, f[key])
				}
			}
			if _, ok := f["fix"]; ok {
				t.Errorf("fix present: %#v", f["fix"])
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := jsonOf(t, tt.findings, Options{})
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			tt.check(t, doc)
		})
	}
}

func TestJSONLayout(t *testing.T) {
	f := sampleFindings()[0]
	f.Message = "edge -> vm: 300s > 10s & <none>"
	data := string(jsonOf(t, []rules.Finding{f}, Options{}))
	if !strings.HasPrefix(data, "{\n  \"version\"") || !strings.HasSuffix(data, "}\n") {
		t.Errorf("want a 2-space indented document ending in a newline:\n%s", data)
	}
	if !strings.Contains(data, `"edge -> vm: 300s > 10s & <none>"`) {
		t.Errorf("messages should keep > < & readable:\n%s", data)
	}
}

func BenchmarkJSON(b *testing.B) {
	findings := make([]rules.Finding, 0, 3000)
	for range 1000 {
		findings = append(findings, sampleFindings()...)
	}
	benchmarkWriter(b, JSON, findings, Options{})
}
