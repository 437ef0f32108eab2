// Package gitdiff finds the lines changed since a git revision, for --new-from-rev: a pull
// request check on a large repository reports only what the change touched.
package gitdiff

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Changes are the changed lines of each file, by absolute path.
type Changes struct {
	files map[string]*lineSet
}

// lineSet is the changed lines of one file; whole marks a file that is new to git.
type lineSet struct {
	whole  bool
	ranges [][2]int // [first, last], inclusive
}

// timeout bounds each git command, so that a hung git (a credential prompt, a lock) does not
// hang the lint.
const timeout = time.Minute

// Since returns the lines changed between rev and the working tree of the repository that
// holds dir, including files git does not track yet (all their lines are new).
func Since(dir, rev string) (*Changes, error) {
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("--new-from-rev %q: not a revision", rev)
	}
	top, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev needs a git repository: %w", err)
	}
	root := strings.TrimSpace(string(top))
	if _, err := git(root, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--new-from-rev %q: no such revision in %s", rev, root)
	}
	diff, err := git(root, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-renames", "-U0", rev, "--")
	if err != nil {
		return nil, err
	}
	c := &Changes{files: map[string]*lineSet{}}
	if err := c.parseDiff(root, diff); err != nil {
		return nil, err
	}
	untracked, err := git(root, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, err
	}
	for _, name := range bytes.Split(untracked, []byte{0}) {
		if len(name) > 0 {
			c.files[filepath.Join(root, filepath.FromSlash(string(name)))] = &lineSet{whole: true}
		}
	}
	return c, nil
}

func git(dir string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return nil, fmt.Errorf("git %s: %s", args[0], strings.TrimSpace(stderr.String()))
		}
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
	return out, nil
}

// parseDiff reads the new-side file names ("+++ b/path") and hunk headers
// ("@@ -a,b +c,d @@") of a unified diff with no context lines.
func (c *Changes) parseDiff(root string, diff []byte) error {
	var cur *lineSet
	sc := bufio.NewScanner(bytes.NewReader(diff))
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "+++ "):
			name := strings.TrimPrefix(line, "+++ ")
			if unq, err := strconv.Unquote(name); err == nil {
				name = unq
			}
			if name == "/dev/null" { // a deleted file has no new lines
				cur = nil
				continue
			}
			name = strings.TrimPrefix(name, "b/")
			cur = &lineSet{}
			c.files[filepath.Join(root, filepath.FromSlash(name))] = cur
		case strings.HasPrefix(line, "@@ ") && cur != nil:
			first, count, ok := hunkNewSide(line)
			if !ok {
				return fmt.Errorf("git diff: unexpected hunk header %q", line)
			}
			if count > 0 {
				cur.ranges = append(cur.ranges, [2]int{first, first + count - 1})
			}
		}
	}
	return sc.Err()
}

// hunkNewSide reads "+c,d" (or "+c", one line) from a hunk header.
func hunkNewSide(header string) (first, count int, ok bool) {
	_, rest, found := strings.Cut(header, " +")
	if !found {
		return 0, 0, false
	}
	spec, _, _ := strings.Cut(rest, " ")
	start, n, hasCount := strings.Cut(spec, ",")
	first, err := strconv.Atoi(start)
	if err != nil {
		return 0, 0, false
	}
	count = 1
	if hasCount {
		if count, err = strconv.Atoi(n); err != nil {
			return 0, 0, false
		}
	}
	return first, count, true
}

// Touched reports whether line of file (absolute) changed; line 0 asks whether anything in
// the file changed.
func (c *Changes) Touched(file string, line int) bool {
	ls := c.files[file]
	if ls == nil {
		return false
	}
	if ls.whole || line == 0 {
		return ls.whole || len(ls.ranges) > 0
	}
	for _, r := range ls.ranges {
		if line >= r[0] && line <= r[1] {
			return true
		}
	}
	return false
}
