package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type actionStep struct {
	ID   string            `yaml:"id"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	Env  map[string]string `yaml:"env"`
	With map[string]string `yaml:"with"`
}

type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

// TestGitHubAction checks action.yml's shape and runs its build and lint scripts the way the
// runner would (bash, with GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_OUTPUT and the inputs in
// the environment) on a repository with a mismatch: annotations in the log, a SARIF file,
// and exit code 1 recorded for the last step.
func TestGitHubAction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds tolint")
	}
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q", a.Runs.Using)
	}
	for _, in := range []string{"paths", "config", "fail-on", "baseline", "upload-sarif"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("input %s missing", in)
		}
	}
	steps := map[string]actionStep{}
	var uses []string
	for _, s := range a.Runs.Steps {
		steps[s.ID] = s
		uses = append(uses, s.Uses)
	}
	joined := strings.Join(uses, " ")
	if !strings.Contains(joined, "actions/setup-go@") || !strings.Contains(joined, "github/codeql-action/upload-sarif@") {
		t.Errorf("steps use %v", uses)
	}
	self, _ := filepath.Abs("../..")
	temp := t.TempDir()
	output := filepath.Join(temp, "github_output")
	repo := pairRepo(t, pairNginx, nil)
	run := func(step actionStep, env map[string]string) string {
		t.Helper()
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.Run)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GITHUB_ACTION_PATH="+self, "RUNNER_TEMP="+temp, "GITHUB_OUTPUT="+output)
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("step %s: %v\n%s", step.ID, err, out)
		}
		return string(out)
	}
	run(steps["build"], nil)
	inputs := map[string]string{"TOLINT_PATHS": ".", "TOLINT_FAIL_ON": "warning", "TOLINT_CONFIG": "", "TOLINT_BASELINE": "", "TOLINT_ARGS": "--margin 2s"}
	for k := range steps["lint"].Env {
		if _, ok := inputs[k]; !ok {
			t.Errorf("lint step reads %s, which this test does not set", k)
		}
	}
	log := run(steps["lint"], inputs)
	if !strings.Contains(log, "::error file=edge/nginx.conf,line=8") {
		t.Errorf("no annotation in the log:\n%s", log)
	}
	outputs, _ := os.ReadFile(output)
	if !strings.Contains(string(outputs), "exit-code=1") {
		t.Errorf("GITHUB_OUTPUT: %s", outputs)
	}
	sarif, err := os.ReadFile(filepath.Join(temp, "tolint.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarif, &doc); err != nil || doc.Version != "2.1.0" || len(doc.Runs) != 1 || len(doc.Runs[0].Results) != 2 {
		t.Errorf("SARIF: %v %+v", err, doc)
	}
}
