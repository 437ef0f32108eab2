package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// sharedCorpus is the corpus of real configurations; tests read it when it is there and
// fall back on the copies in testdata/corpus.
const sharedCorpus = "../../../shared/corpus"

// corpusDirs are the folders of real Terraform files the corpus tests read.
func corpusDirs(t *testing.T) []string {
	dirs := []string{filepath.Join("testdata", "corpus")}
	if _, err := os.Stat(filepath.Join(sharedCorpus, "terraform")); err == nil {
		dirs = append(dirs, filepath.Join(sharedCorpus, "terraform"))
	}
	for i, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			t.Fatal(err)
		}
		dirs[i] = abs
	}
	return dirs
}

// TestCorpus parses every real file on its own (the corpus flattens repositories, so a
// file's module calls lead nowhere): no file of it is invalid, so none may give a parse
// error, and every position must lie inside the file.
func TestCorpus(t *testing.T) {
	for _, dir := range corpusDirs(t) {
		tree, err := input.NewTree(dir, dir)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		parsed, hops := 0, 0
		for _, e := range entries {
			if e.IsDir() || !Sniff(e.Name(), nil) {
				continue
			}
			parsed++
			for _, fr := range ParseFiles(tree, []string{e.Name()}, input.Options{}) {
				hops += len(fr.Hops)
				for _, d := range fr.Diags {
					if d.Kind == graph.ParseError {
						t.Errorf("%s: %s", d.Pos, d.Message)
					}
				}
				for _, err := range positionErrors(fr, func(rel string) []byte {
					data, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
					return data
				}) {
					t.Error(err)
				}
			}
		}
		if parsed < 8 || hops == 0 {
			t.Errorf("%s: %d files, %d hops", dir, parsed, hops)
		}
	}
}

// positionErrors checks that every position of a fragment lies inside its file and that
// its line and column are those of its offset; that every diagnostic, hop, listener, pool,
// address, route and known setting has one, and a setting with a key even when unknown;
// and that hop ids name their resource.
func positionErrors(fr *graph.Fragment, read func(rel string) []byte) []error {
	files := map[string]string{}
	for _, p := range parsertest.Positions(fr) {
		if _, ok := files[p.File]; !ok && p.IsValid() {
			files[p.File] = string(read(p.File))
		}
	}
	errs := parsertest.MissingPositions(fr)
	errs = append(errs, parsertest.LinePositionErrorsIn(files, fr)...)
	need := func(what string, p graph.Pos) {
		if !p.IsValid() {
			errs = append(errs, fmt.Errorf("%s: no position", what))
		}
	}
	for _, d := range fr.Diags {
		need("diagnostic "+d.Message, d.Pos)
	}
	setting := func(what string, s graph.DurationSetting) {
		if s.Key != "" {
			need(what+" "+s.Key, s.Pos)
		}
	}
	for _, h := range fr.Hops {
		for _, l := range h.Listeners {
			setting(h.ID+" "+l.Name, l.Idle)
		}
		for _, p := range h.Pools {
			setting(h.ID+" "+p.Name, p.Idle)
			setting(h.ID+" "+p.Name, p.Request)
		}
		if !strings.Contains(h.ID, "#") {
			errs = append(errs, fmt.Errorf("hop id %s names no resource", h.ID))
		}
	}
	return errs
}

// TestCorpusModules puts the corpus files back at their paths in their repositories
// (owner__repo__dir__file) and reads each repository as Terraform would, so that a
// module's variables.tf gives main.tf its defaults.
func TestCorpusModules(t *testing.T) {
	files := map[string]string{}
	for _, dir := range corpusDirs(t) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			parts := strings.Split(e.Name(), "__")
			if len(parts) < 3 || !Sniff(e.Name(), nil) {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[strings.Join(parts, "/")] = string(data)
		}
	}
	frs := parseTree(t, files)
	for _, fr := range frs {
		for _, d := range fr.Diags {
			if d.Kind == graph.ParseError {
				t.Errorf("%s: %s", d.Pos, d.Message)
			}
		}
	}
	// cloudposse's ALB module takes idle_timeout from a variable whose default is 60.
	alb := hopByID(t, frs, "cloudposse/terraform-aws-alb/main.tf#aws_lb.default")
	if got := describe(alb.Listeners[0].Idle); got != "60s explicit cloudposse/terraform-aws-alb/variables.tf:149:17 from var.idle_timeout (default)" {
		t.Errorf("cloudposse ALB idle %s", got)
	}
	// Azure's load balancer module: a rule per entry of a map variable, idle from a variable.
	lb := hopByID(t, frs, "Azure/terraform-azurerm-loadbalancer/main.tf#azurerm_lb.azlb")
	if len(lb.Listeners) == 0 || lb.Listeners[0].Idle.BareUnit != time.Minute {
		t.Errorf("Azure LB listeners %d", len(lb.Listeners))
	}
}
