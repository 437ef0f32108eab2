package procfile

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	src := "# processes\nweb: gunicorn --keep-alive 75 app:app\r\n\n  release:python manage.py migrate\nworker : celery\nbad line\n"
	procs, diags := Read([]byte(src), "Procfile")
	var got []string
	for _, p := range procs {
		got = append(got, fmt.Sprintf("%s@%s %q@%s", p.Name, p.Pos, p.Command.Shell.Text, p.Command.Shell.At(0)))
	}
	for _, d := range diags {
		got = append(got, "diag "+d.Pos.String()+" "+d.Message)
	}
	want := []string{
		`web@Procfile:2:1 "gunicorn --keep-alive 75 app:app"@Procfile:2:6`,
		`release@Procfile:4:3 "python manage.py migrate"@Procfile:4:11`,
		`diag Procfile:5:1 a Procfile line is "name: command"`,
		`diag Procfile:6:1 a Procfile line is "name: command"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
