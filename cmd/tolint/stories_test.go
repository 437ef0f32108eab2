package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// want is one expectation written in a fixture: `# want TOL101 "regexp"` on the line the
// finding must point at (as analysistest does with `// want`).
type want struct {
	file, rule string
	line       int
	re         *regexp.Regexp
}

// jsonFinding is the part of the JSON contract the harness checks.
type jsonFinding struct {
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Location struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"location"`
}

// readWants collects every `want` comment in the files of dir.
func readWants(t *testing.T, dir string) []want {
	t.Helper()
	var wants []want
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			text := sc.Text()
			i := strings.Index(text, "# want ")
			if i < 0 {
				continue
			}
			wants = append(wants, parseWants(t, filepath.ToSlash(rel), line, text[i+len("# want "):])...)
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return wants
}

// parseWants reads `TOL101 "re" TOL102 ...`: rule ids, each optionally followed by a quoted
// regular expression the message must match.
func parseWants(t *testing.T, file string, line int, s string) []want {
	var out []want
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		rule, rest, _ := strings.Cut(s, " ")
		if !strings.HasPrefix(rule, "TOL") {
			t.Fatalf("%s:%d: bad want %q", file, line, s)
		}
		w := want{file: file, line: line, rule: rule}
		s = strings.TrimSpace(rest)
		if strings.HasPrefix(s, `"`) {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				t.Fatalf("%s:%d: bad quoted regexp in %q", file, line, s)
			}
			re, _ := strconv.Unquote(q)
			w.re = regexp.MustCompile(re)
			s = s[len(q):]
		}
		out = append(out, w)
	}
	return out
}

func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return runCLIWithInput(t, "", args...)
}

func runCLIWithInput(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

var durationRE = regexp.MustCompile(`\[[0-9.]+ms\]`)

// TestStories runs the real CLI over every failure story and its fixed variant: the
// findings must be exactly those the fixtures' want comments name, the exit code must say
// so, and the text output must match the reviewed golden file.
func TestStories(t *testing.T) {
	stories, err := filepath.Glob("../../testdata/stories/*/*")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, s := range stories {
		if st, err := os.Stat(s); err == nil && st.IsDir() {
			dirs = append(dirs, s)
		}
	}
	if len(dirs) < 8 {
		t.Fatalf("found %d story folders, want the 4 stories with broken and fixed variants", len(dirs))
	}
	for _, dir := range dirs {
		abs, _ := filepath.Abs(dir)
		name := filepath.Base(filepath.Dir(dir)) + "/" + filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			t.Chdir(abs)
			wants := readWants(t, ".")
			stdout, stderr, code := runCLI(t, "lint", "--format", "json", ".")
			var doc struct{ Findings []jsonFinding }
			if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
				t.Fatalf("bad JSON (%v):\n%s\n%s", err, stdout, stderr)
			}
			matched := make([]bool, len(doc.Findings))
			for _, w := range wants {
				found := false
				for i, f := range doc.Findings {
					if !matched[i] && f.Rule == w.rule && f.Location.File == w.file && f.Location.Line == w.line && (w.re == nil || w.re.MatchString(f.Message)) {
						matched[i], found = true, true
						break
					}
				}
				if !found {
					t.Errorf("%s:%d: missing %s finding matching %v", w.file, w.line, w.rule, w.re)
				}
			}
			for i, f := range doc.Findings {
				if !matched[i] {
					t.Errorf("%s:%d: unexpected %s: %s", f.Location.File, f.Location.Line, f.Rule, f.Message)
				}
			}
			wantCode := 0
			if len(wants) > 0 {
				wantCode = 1
			}
			if code != wantCode {
				t.Errorf("exit code %d, want %d (stderr: %s)", code, wantCode, stderr)
			}
			text, _, _ := runCLI(t, "lint", "--no-color", ".")
			text = durationRE.ReplaceAllString(text, "[Xms]")
			golden := abs + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			g, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/tolint -update to create it)", err)
			}
			if string(g) != text {
				t.Errorf("text output differs from %s (run with -update and review the diff):\n--- got\n%s\n--- want\n%s", golden, text, g)
			}
		})
	}
}

func TestParseWants(t *testing.T) {
	ws := parseWants(t, "a.conf", 3, `TOL101 "x \"y\"" TOL102 TOL901 "z"`)
	var got []string
	for _, w := range ws {
		got = append(got, fmt.Sprint(w.rule, " ", w.re))
	}
	if !slices.Equal(got, []string{`TOL101 x "y"`, "TOL102 <nil>", "TOL901 z"}) {
		t.Errorf("parseWants = %q", got)
	}
}
