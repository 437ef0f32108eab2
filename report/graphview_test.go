package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
)

// A pool's request timeout shows what it measures, and its retries show with where
// each value came from.
func TestGraphShowsRequestTimeoutsAndRetries(t *testing.T) {
	h := &graph.Hop{ID: "envoy.yaml", Kind: graph.Proxy, Software: "envoy"}
	d := func(s int, line int, key string) graph.DurationSetting {
		return graph.DurationSetting{Value: graph.Dur(time.Duration(s) * time.Second), Origin: graph.Explicit, Pos: pos("envoy.yaml", line, 20), Key: key}
	}
	p := &graph.Pool{Hop: h, Name: "cluster app", Pos: pos("envoy.yaml", 1, 1), Request: d(10, 2, "timeout"), RequestKind: graph.WholeResponse,
		PerTry:         graph.NewRare(d(5, 3, "per_try_timeout")),
		Retries:        graph.Setting[int]{Value: 3, Origin: graph.Explicit, Pos: pos("envoy.yaml", 4, 20), Key: "num_retries"},
		RetryOnTimeout: graph.Setting[bool]{Value: true, Origin: graph.Explicit, Pos: pos("envoy.yaml", 5, 20), Key: "retry_on", Raw: "5xx"}}
	h.Pools = []*graph.Pool{p}
	g := graph.Build([]*graph.Fragment{{Files: []string{"envoy.yaml"}, Hops: []*graph.Hop{h}}}, nil)

	var text bytes.Buffer
	if err := Graph("text", &text, g); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"request 10s, whole response  (explicit at envoy.yaml:2:20)",
		"retries 3  (explicit at envoy.yaml:4:20)",
		"retry on timeout true  (explicit at envoy.yaml:5:20)",
		"per-try timeout 5s  (explicit at envoy.yaml:3:20)",
		"waits up to 10s for the first response byte: 4 tries of 5s, 2 of them in full",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("graph text lacks %q:\n%s", want, text.String())
		}
	}
	var js bytes.Buffer
	if err := Graph("json", &js, g); err != nil {
		t.Fatal(err)
	}
	var doc graphJSON
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	pj := doc.Hops[0].Pools[0]
	if pj.RequestKind != "whole response" || pj.Settings["retries"].Value != "3" || pj.Settings["per_try"].Value != "5s" ||
		pj.Settings["retry_on_timeout"].At.String() != "envoy.yaml:5:20" {
		t.Errorf("graph json pool = %+v", pj)
	}
}
