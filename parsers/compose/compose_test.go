package compose

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tolint/tolint/parsers/cmdline"
)

func services(src string) []string {
	f := Read([]byte(src), "compose.yaml", nil)
	var out []string
	for _, s := range f.Services {
		out = append(out, fmt.Sprintf("%s@%s names=%s build=%q dockerfile=%q", s.Name, s.Pos, strings.Join(s.Names, ","), s.Build, s.Dockerfile))
		for what, form := range map[string][]string{"entrypoint": words(s.Entrypoint.Words), "command": words(s.Command.Words)} {
			if form != nil {
				out = append(out, "  "+what+" "+strings.Join(form, " "))
			}
		}
		var env []string
		for k, v := range s.Env {
			env = append(env, fmt.Sprintf("  env %s=%s@%s", k, v.Value.Text, v.Value.At(0)))
		}
		sort.Strings(env)
		out = append(out, env...)
		for _, p := range s.Ports {
			out = append(out, fmt.Sprintf("  port %s@%s", p.HostPort(), p.Pos))
		}
	}
	for _, d := range f.Diags {
		out = append(out, "diag "+d.Pos.String()+" "+d.Message)
	}
	return out
}

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"names, entrypoint list, environment map, long port syntax", `services:
  api:
    hostname: api-host
    networks:
      back: {aliases: [api.internal]}
    build: {context: ./api, dockerfile: Dockerfile.prod}
    entrypoint: [gunicorn, "--keep-alive", '75']
    environment:
      KEEPALIVE: 75
      FROM_SHELL:
    ports:
      - {target: 8000, published: 8080, host_ip: 127.0.0.1}
      - "[::1]:9000:8000"
`, []string{
			`api@compose.yaml:2:3 names=api,api-host,api.internal build="./api" dockerfile="Dockerfile.prod"`,
			"  entrypoint gunicorn@compose.yaml:7:18 --keep-alive@compose.yaml:7:29 75@compose.yaml:7:45",
			"  env KEEPALIVE=75@compose.yaml:9:18",
			"  port 127.0.0.1:8080@compose.yaml:12:35", "  port [::1]:9000@compose.yaml:13:9"}},
		{"command string split as compose does", "services:\n  w:\n    command: >-\n      uvicorn main:app\n      --port 9\n", []string{
			`w@compose.yaml:2:3 names=w build="" dockerfile=""`, "  command uvicorn@compose.yaml:3:14 main:app@compose.yaml:3:14 --port@compose.yaml:3:14 9@compose.yaml:3:14"}},
		{"not a compose file", "version: '3'\n", nil},
		{"errors", "services:\n  a:\n    command: {x: 1}\n    ports: [\"a:1\", \"1:2/udp\"]\n", []string{`a@compose.yaml:2:3 names=a build="" dockerfile=""`,
			"diag compose.yaml:3:14 command: expected a string or a list of strings", "diag compose.yaml:4:13 ports: \"a\" is not a port number"}},
		{"YAML syntax error", "services:\n  b: [\n", []string{"diag compose.yaml:3:1 YAML syntax error: did not find expected node content"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := services(tc.src)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func words(ws []cmdline.Word) []string {
	if ws == nil {
		return nil
	}
	out := []string{}
	for _, w := range ws {
		out = append(out, fmt.Sprintf("%s@%s", w.Text, w.At(0)))
	}
	return out
}
