// Package projectconfig reads .tolint.yaml, the project's settings for a lint run: which
// rules run and at what severity, the margin, when to fail, what to exclude, the default
// report format and baseline. Every mistake in it is reported with file:line:col.
package projectconfig

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/internal/textdist"
	"github.com/tolint/tolint/rules"
)

// FileNames are the names looked for at the scan root, in this order.
var FileNames = []string{".tolint.yaml", ".tolint.yml"}

// Config is a read .tolint.yaml. Zero values mean "not set", so flags and defaults apply.
type Config struct {
	// File is the path read; Dir its folder, which exclude patterns and baseline are
	// relative to.
	File, Dir string
	// Off and Severity are the rules turned off and the severities changed.
	Off      map[*rules.Rule]bool
	Severity map[*rules.Rule]rules.Severity
	Margin   *time.Duration
	FailOn   string
	Format   string
	Exclude  []Glob
	// Baseline is the baseline file's path, relative to the working directory.
	Baseline string
}

// Error is a mistake in the config file, with its position.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// absDir is the config's folder, absolute with symlinks resolved like the scanned roots,
// so that exclude patterns match the paths the loader walks.
func absDir(file string) string {
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return filepath.Dir(file)
	}
	if resolved, err := filepath.EvalSymlinks(dir); err == nil {
		return resolved
	}
	return dir
}

// Find returns the config file in dir, or "" when there is none.
func Find(dir string) string {
	for _, name := range FileNames {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// maxConfigSize bounds the file read: a project config is a few lines.
const maxConfigSize = 1 << 20

// Load reads and checks a config file. formats are the valid report format names. All
// mistakes found are returned together (errors.Join of *Error).
func Load(file string, formats []string) (*Config, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", file, err)
	}
	if len(data) > maxConfigSize {
		return nil, &Error{File: file, Msg: fmt.Sprintf("%d bytes is too large for a config file", len(data))}
	}
	return Parse(file, data, formats)
}

// Parse checks the contents of a config file named file.
func Parse(file string, data []byte, formats []string) (*Config, error) {
	c := &Config{File: file, Dir: absDir(file), Off: map[*rules.Rule]bool{}, Severity: map[*rules.Rule]rules.Severity{}}
	p := &parser{file: file}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file sets nothing
		}
		return nil, p.yamlError(err)
	}
	if len(doc.Content) == 0 {
		return c, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "want a mapping of settings (rules, margin, fail-on, format, exclude, baseline)")
		return nil, p.err()
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		if seen[key.Value] {
			p.errorf(key, "%s is set twice", key.Value)
			continue
		}
		seen[key.Value] = true
		switch key.Value {
		case "rules":
			p.rules(c, val)
		case "margin":
			if s, ok := p.scalar(val, "margin"); ok {
				d, err := time.ParseDuration(s)
				switch {
				case err != nil:
					p.errorf(val, "margin %q: want a duration with a unit, e.g. 1s or 500ms", s)
				case d < 0:
					p.errorf(val, "margin must not be negative")
				default:
					c.Margin = &d
				}
			}
		case "fail-on":
			if s, ok := p.scalar(val, "fail-on"); ok {
				if _, err := rules.ParseSeverity(s); err != nil {
					p.errorf(val, "fail-on: %v", err)
				} else {
					c.FailOn = s
				}
			}
		case "format":
			if s, ok := p.scalar(val, "format"); ok {
				if !slices.Contains(formats, s) {
					p.errorf(val, "format %q: want one of %s", s, strings.Join(formats, ", "))
				} else {
					c.Format = s
				}
			}
		case "exclude":
			p.exclude(c, val)
		case "baseline":
			if s, ok := p.scalar(val, "baseline"); ok {
				c.Baseline = filepath.Join(c.Dir, filepath.FromSlash(s))
			}
		default:
			msg := fmt.Sprintf("unknown setting %q (known: rules, margin, fail-on, format, exclude, baseline)", key.Value)
			if near := textdist.Nearest(key.Value, []string{"rules", "margin", "fail-on", "format", "exclude", "baseline"}, 2); near != "" {
				msg = fmt.Sprintf("unknown setting %q (did you mean %s?)", key.Value, near)
			}
			p.errorf(key, "%s", msg)
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return c, nil
}

type parser struct {
	file string
	errs []error
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) err() error { return errors.Join(p.errs...) }

// yamlError turns yaml.v3's "yaml: line 3: ..." into an Error at that line.
func (p *parser) yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			if l, convErr := strconv.Atoi(n); convErr == nil {
				line, msg = l, tail
			}
		}
	}
	if line == 0 {
		return &Error{File: p.file, Msg: "not valid YAML: " + msg}
	}
	return &Error{File: p.file, Line: line, Col: 1, Msg: "not valid YAML: " + msg}
}

func (p *parser) scalar(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, "%s: want a single value", what)
		return "", false
	}
	return n.Value, true
}

// rules reads "rules: {TOL102: off, idle-timeout-margin: error}".
func (p *parser) rules(c *Config, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "rules: want a mapping of rule id to off, on, error, warning or info")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		r := rules.Lookup(key.Value)
		if r == nil {
			msg := fmt.Sprintf("rules: %q is not a rule", key.Value)
			if near := rules.Suggest(key.Value); near != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", near)
			}
			p.errorf(key, "%s (tolint rules lists them)", msg)
			continue
		}
		s, ok := p.scalar(val, "rules: "+key.Value)
		if !ok {
			continue
		}
		// YAML 1.1 readers turn a bare off into false; yaml.v3 keeps the text, which is
		// what is matched here, so "off", "false" and "no" all work.
		switch strings.ToLower(s) {
		case "off", "false", "no", "disable", "disabled":
			c.Off[r] = true
		case "on", "true", "yes", "enable", "enabled":
			delete(c.Off, r)
		default:
			sev, err := rules.ParseSeverity(s)
			if err != nil || sev > rules.Error {
				p.errorf(val, "rules: %s: %q: want off, on, error, warning or info", key.Value, s)
				continue
			}
			c.Severity[r] = sev
		}
	}
}

func (p *parser) exclude(c *Config, n *yaml.Node) {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	for _, item := range items {
		s, ok := p.scalar(item, "exclude")
		if !ok {
			continue
		}
		g, err := CompileGlob(s)
		if err != nil {
			p.errorf(item, "%v", err)
			continue
		}
		c.Exclude = append(c.Exclude, g)
	}
}

// Excluded reports whether an absolute path is matched by an exclude pattern. Paths
// outside the config's folder are never excluded.
func (c *Config) Excluded(abs string) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, g := range c.Exclude {
		if g.Match(rel) {
			return true
		}
	}
	return false
}
