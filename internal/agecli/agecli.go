// Package agecli finds the official age command-line tools for interop
// tests and checks that they are new enough. Post-quantum keys, which new
// diaries use, need age v1.3.0 or later; Debian's age package (1.1.1) cannot
// read them, so an older age on PATH is treated as missing, with the reason.
package agecli

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

// RequireEnv makes interop tests fail, rather than skip, when a usable age
// is missing. CI sets it after installing age v1.3.2.
const RequireEnv = "PEERDIARY_REQUIRE_AGE"

// Minimum is the oldest age release that reads every file peerdiary writes.
var Minimum = [3]int{1, 3, 0}

// Install says how to get a usable age.
const Install = "install it with: go install filippo.io/age/cmd/...@v1.3.2"

var versionRE = regexp.MustCompile(`v?(\d+)\.(\d+)\.(\d+)`)

// ParseVersion reads the version `age --version` prints ("v1.3.2", "1.1.1",
// "v1.3.0-rc.1"). ok is false for anything else, such as "(devel)".
func ParseVersion(s string) (v [3]int, ok bool) {
	m := versionRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return v, false
	}
	for i := range 3 {
		n, err := strconv.Atoi(m[i+1])
		if err != nil {
			return v, false
		}
		v[i] = n
	}
	return v, true
}

// AtLeast reports whether v is min or newer.
func AtLeast(v, min [3]int) bool {
	for i := range 3 {
		if v[i] != min[i] {
			return v[i] > min[i]
		}
	}
	return true
}

// Check finds the tool name (age, age-keygen, age-inspect,
// age-plugin-batchpass) on PATH and checks that the age found there is at
// least Minimum. It returns the tool's path, or a reason it can't be used.
// Every tool of the distribution is checked through `age --version`, the
// one of them that prints a version.
func Check(name string) (string, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s is not on PATH; %s", name, Install)
	}
	agePath, err := exec.LookPath("age")
	if err != nil {
		return "", fmt.Errorf("age is not on PATH; %s", Install)
	}
	out, err := exec.Command(agePath, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("age --version failed (%v); %s", err, Install)
	}
	v, ok := ParseVersion(string(out))
	if !ok {
		return "", fmt.Errorf("age --version printed %q, not a version; %s", strings.TrimSpace(string(out)), Install)
	}
	if !AtLeast(v, Minimum) {
		return "", fmt.Errorf("age on PATH is %d.%d.%d, older than %d.%d.%d, and cannot read post-quantum keys; %s",
			v[0], v[1], v[2], Minimum[0], Minimum[1], Minimum[2], Install)
	}
	return path, nil
}

// Required reports whether CI asked for interop tests to fail rather than
// skip.
func Required() bool { return os.Getenv(RequireEnv) != "" }

// TB is the part of testing.TB that Find needs.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Skipf(format string, args ...any)
}

// Find is Check for a test: it skips with the reason, or fails under
// PEERDIARY_REQUIRE_AGE.
func Find(t TB, name string) string {
	t.Helper()
	path, err := Check(name)
	if err != nil {
		if Required() {
			t.Fatalf("%v (%s is set)", err, RequireEnv)
		}
		t.Skipf("%v", err)
	}
	return path
}
