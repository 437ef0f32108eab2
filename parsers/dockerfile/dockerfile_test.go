package dockerfile

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tolint/tolint/parsers/cmdline"
)

func form(f cmdline.Form) string {
	switch {
	case f.Shell != nil:
		return fmt.Sprintf("shell %q@%s", f.Shell.Text, f.Shell.Pos)
	case f.Words != nil:
		var ws []string
		for _, w := range f.Words {
			ws = append(ws, fmt.Sprintf("%s@%s", w.Text, w.Pos))
		}
		return "exec " + strings.Join(ws, " ")
	}
	return "-"
}

func image(src string) []string {
	im := Read([]byte(src), "Dockerfile")
	out := []string{"entrypoint " + form(im.Entrypoint), "cmd " + form(im.Cmd)}
	var env []string
	for name, v := range im.Env {
		env = append(env, fmt.Sprintf("env %s=%s@%s (%s at %s)", name, v.Value.Text, v.Value.At(0), v.From, v.Pos))
	}
	sort.Strings(env)
	out = append(out, env...)
	for _, a := range im.Expose {
		out = append(out, fmt.Sprintf("expose %s@%s", a.HostPort(), a.Pos))
	}
	for _, d := range im.Diags {
		out = append(out, "diag "+d.Pos.String()+" "+d.Message)
	}
	return out
}

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"exec form, ENV pairs and legacy form", "FROM python:3.12\nENV A=1 B=\"two words\"\nenv C three words\nCMD [\"gunicorn\", \"app:app\"]\n", []string{
			"entrypoint -", "cmd exec gunicorn@Dockerfile:4:6 app:app@Dockerfile:4:18",
			"env A=1@Dockerfile:2:7 (ENV at Dockerfile:2:5)", "env B=two words@Dockerfile:2:12 (ENV at Dockerfile:2:9)", "env C=three words@Dockerfile:3:7 (ENV at Dockerfile:3:5)"}},
		{"shell form over continuation lines with a comment between", "FROM x\nCMD gunicorn \\\n# the worker\n  -k gthread\n", []string{
			"entrypoint -", "cmd shell \"gunicorn \\\\\\n# the worker\\n  -k gthread\"@Dockerfile:2:5"}},
		{"ENV uses ARG and earlier ENV (a pair sees values from before its instruction); a later stage inherits from a named one",
			"ARG V=7\nFROM x AS base\nARG KA=5\nENV KEEPALIVE=$KA PORT=80 SAME=${PORT:-none}\nENV BIND=0.0.0.0:${PORT}\nCMD [\"x\"]\nFROM base\n", []string{
				"entrypoint -", "cmd exec x@Dockerfile:6:6",
				"env BIND=0.0.0.0:80@Dockerfile:5:10 (ENV at Dockerfile:5:5)", "env KEEPALIVE=5@Dockerfile:3:8 (ENV at Dockerfile:4:5)",
				"env PORT=80@Dockerfile:4:24 (ENV at Dockerfile:4:19)", "env SAME=none@Dockerfile:4:40 (ENV at Dockerfile:4:27)"}},
		{"ENTRYPOINT resets an inherited CMD; a new FROM starts over", "FROM a AS one\nENV X=1\nCMD [\"a\"]\nFROM one\nENTRYPOINT [\"tini\", \"--\"]\nFROM scratch\nENTRYPOINT gunicorn\n", []string{
			"entrypoint shell \"gunicorn\"@Dockerfile:7:12", "cmd -"}},
		{"a malformed JSON array is shell form, as Docker runs it", "FROM x\nCMD [\"a\", b]\n", []string{"entrypoint -", "cmd shell \"[\\\"a\\\", b]\"@Dockerfile:2:5"}},
		{"EXPOSE: TCP ports, also from ENV; UDP and ranges are no listeners", "FROM x\nENV P=9000\nEXPOSE 8000 8443/tcp 53/udp 7000-7001 $P\nEXPOSE http\n", []string{
			"entrypoint -", "cmd -", "env P=9000@Dockerfile:2:7 (ENV at Dockerfile:2:5)",
			"expose *:8000@Dockerfile:3:8", "expose *:8443@Dockerfile:3:13", "expose *:9000@Dockerfile:3:39",
			"diag Dockerfile:4:8 EXPOSE \"http\" is not a port"}},
		{"errors", "CMD x\nFROM x\nENV\nENV =1 A\nENV A \"b\n", []string{"entrypoint -", "cmd -",
			"diag Dockerfile:1:1 CMD before the first FROM", "diag Dockerfile:3:4 ENV needs a name",
			"diag Dockerfile:4:5 ENV =1: a name is missing before =", "diag Dockerfile:4:8 ENV A: expected NAME=value", "diag Dockerfile:5:7 unterminated double quote"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := image(tc.src)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
