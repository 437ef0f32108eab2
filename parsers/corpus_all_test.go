package parsers

import (
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// sharedCorpus holds real configuration files published on GitHub, one folder per format.
const sharedCorpus = "../../shared/corpus"

// corpusFailures are the corpus files that are not read as their folder's format without
// TOL901, each with the reason: files that are invalid, where TOL901 is the right answer,
// and files that are not configurations of that format at all. Every other file must parse.
// A file listed here that parses is reported too, so the list cannot go stale.
var corpusFailures = map[string]corpusFailure{
	// Broken on purpose: upstream test inputs for error handling.
	"envoy/envoyproxy__nighthawk__test__integration__configurations__sni_origin.yaml":  {invalid, "listener_filters and filter_chains twice in one mapping, and YAML keys must be unique"},
	"haproxy/haproxy__haproxy__tests__conf__ports.cfg":                                 {invalid, "HAProxy's address parser test, its comments name the errors haproxy -c gives"},
	"nginx/nginxinc__crossplane__tests__configs__missing-semicolon__broken-above.conf": {invalid, "a directive without its \";\""},
	"nginx/nginxinc__crossplane__tests__configs__missing-semicolon__broken-below.conf": {invalid, "a directive without its \";\""},
	"nginx/nginxinc__crossplane__tests__configs__quote-behavior__nginx.conf":           {invalid, "text right after a closing quote, which nginx -t rejects too"},
	// In the folder, but no configuration of its format.
	"nginx/nginxinc__crossplane__tests__configs__includes-regular__conf.d__bar.conf": {notOfFormat, "one line of junk that the crossplane test never includes"},
	"envoy/envoyproxy__go-control-plane__examples__dyplomat__bootstrap.yaml":         {notOfFormat, "the example's list of Kubernetes clusters, named bootstrap.yaml (read as Spring, which also names files so)"},
	"envoy/istio__istio__pkg__envoy__testdata__bootstrap.yaml":                       {notOfFormat, "Istio's test of variable expansion (key: value, ip: ...), named bootstrap.yaml (read as Spring)"},
}

type corpusFailure struct {
	kind   failureKind
	reason string
}

type failureKind int

const (
	invalid     failureKind = iota + 1 // TOL901 is the right answer, and must be given
	notOfFormat                        // not a configuration of its folder's format
)

// corpusMinRate is the share of each format's files that must parse without TOL901 and be
// read as that format: the rates reached, so that CI fails when one drops.
var corpusMinRate = map[string]float64{
	"envoy": 0.95, "haproxy": 0.98, "kubernetes": 1, "nginx": 0.96, "openapi": 1,
	"spring": 1, "sysctl": 1, "terraform": 1,
}

// TestCorpusAll loads every file of the shared corpus through the loader, as `tolint lint`
// would read it in its repository (under its original path, so that names like
// sites-available/ or application.yml count as they do there): no file may panic or take
// long, and each format's files must parse without TOL901 at corpusMinRate or better, every
// exception being listed in corpusFailures with its reason.
func TestCorpusAll(t *testing.T) {
	if _, err := os.Stat(sharedCorpus); err != nil {
		t.Skipf("no shared corpus at %s (%v): the real-world parse rates are not checked", sharedCorpus, err)
	}
	manifest := parsertest.Manifest(t, sharedCorpus)
	formats, err := os.ReadDir(sharedCorpus)
	if err != nil {
		t.Fatal(err)
	}
	var table []string
	var total, totalValid, totalParsed int
	for _, format := range formats {
		if !format.IsDir() {
			continue
		}
		files := parsertest.ReadDir(t, filepath.Join(sharedCorpus, format.Name()))
		names := slices.Sorted(maps.Keys(files))
		parsed, valid := 0, 0
		for _, name := range names {
			key := format.Name() + "/" + name
			problem := loadCorpusFile(t, key, manifest[key], files[name])
			failure, listed := corpusFailures[key]
			if !listed {
				valid++
			}
			switch {
			// An invalid file must be reported, not passed over.
			case listed && failure.kind == invalid && problem != "" && !strings.HasPrefix(problem, "TOL901"):
				t.Errorf("%s is invalid (%s), but gives no TOL901: %s", key, failure.reason, problem)
			case problem == "":
				parsed++
				if listed {
					t.Errorf("%s parses now: remove it from corpusFailures (%s)", key, failure.reason)
				}
			case format.Name() == "templated":
				t.Logf("%s (templated, not counted): %.200s", key, problem)
			case !listed:
				t.Errorf("%s: %s", key, problem)
			}
		}
		rate := float64(parsed) / float64(max(len(names), 1))
		if format.Name() != "templated" {
			total, totalValid, totalParsed = total+len(names), totalValid+valid, totalParsed+parsed
			table = append(table, fmt.Sprintf("| %s | %d | %d | %d | %.1f%% | %.1f%% |", format.Name(), len(names), valid, parsed,
				100*rate, 100*float64(parsed)/float64(max(valid, 1))))
		}
		if want, ok := corpusMinRate[format.Name()]; ok && rate < want {
			t.Errorf("%s: %d of %d files parse (%.1f%%), want %.0f%% or more", format.Name(), parsed, len(names), 100*rate, 100*want)
		} else if !ok && format.Name() != "templated" {
			t.Errorf("%s: a corpus folder without a rate in corpusMinRate", format.Name())
		}
	}
	table = append(table, fmt.Sprintf("| all | %d | %d | %d | %.1f%% | %.1f%% |", total, totalValid, totalParsed,
		100*float64(totalParsed)/float64(max(total, 1)), 100*float64(totalParsed)/float64(max(totalValid, 1))))
	t.Logf("parse rates:\n| format | files | valid configurations of the format | read as that format, without TOL901 | of all files | of the valid ones |\n|---|---:|---:|---:|---:|---:|\n%s",
		strings.Join(table, "\n"))
}

// corpusFormat names the format each corpus folder holds; templated/ holds several.
var corpusFormat = map[string]string{
	"envoy": "envoy", "haproxy": "haproxy", "kubernetes": "kube", "nginx": "nginx", "openapi": "openapi",
	"spring": "spring", "sysctl": "sysctl", "terraform": "terraform",
}

// loadCorpusFile writes data under its original path in a fresh root, loads it and returns
// what went wrong: a TOL901, a slow parse, or the file not being read as its folder's
// format; "" when it parsed.
func loadCorpusFile(t *testing.T, key, original string, data []byte) string {
	t.Helper()
	if original == "" {
		original = parsertest.RealName(key)
	}
	// A corpus excerpt (its original path ends in #fragment) keeps its corpus name, in the
	// folder of the file it was cut from.
	if strings.Contains(original, "#haproxy-") {
		original = path.Join(path.Dir(original), parsertest.RealName(key))
	}
	original = strings.TrimLeft(original, "/")
	root := t.TempDir()
	file := filepath.Join(root, filepath.FromSlash(original))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// The file is found as a scan of its repository finds it; one that the scan passes over
	// (a name like site.conf.sample) is named on the command line, as its own root.
	scan := root
	if !candidate(path.Base(original)) {
		scan = file
	}
	start := time.Now()
	res, err := Load([]string{scan}, root, Options{})
	if d := time.Since(start); d > 5*time.Second {
		return fmt.Sprintf("took %v", d)
	}
	if err != nil {
		return err.Error()
	}
	var errs []string
	for _, f := range res.Fragments {
		for _, d := range f.Diags {
			if d.Kind == graph.ParseError {
				errs = append(errs, d.Pos.String()+": "+d.Message)
			}
		}
	}
	if len(errs) > 0 {
		return "TOL901 " + strings.Join(errs, "; ")
	}
	want := corpusFormat[strings.Split(key, "/")[0]]
	readAs := ""
	for _, d := range res.Files {
		readAs = d.Format
	}
	switch {
	case readAs == "":
		return "not detected as a configuration file"
	case want != "" && readAs != want:
		return "read as " + readAs
	}
	return ""
}
