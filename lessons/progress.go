package lessons

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ProgressFile is where a learner's progress is kept, in the learn
// directory.
const ProgressFile = "progress.json"

// Progress is a learner's record: for each lesson (by name, "03-broadcast"),
// how each check last went and how often it has failed.
type Progress struct {
	Lessons map[string]map[string]CheckProgress `json:"lessons"`
}

// CheckProgress is one check's record.
type CheckProgress struct {
	Passed   bool `json:"passed"`   // the last run passed
	Failures int  `json:"failures"` // runs that failed, ever: how far up the hint ladder
}

// LoadProgress reads learnDir/progress.json; none yet is an empty record.
func LoadProgress(learnDir string) (*Progress, error) {
	p := &Progress{Lessons: map[string]map[string]CheckProgress{}}
	b, err := os.ReadFile(filepath.Join(learnDir, ProgressFile))
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err == nil {
		err = json.Unmarshal(b, p)
	}
	if err != nil {
		return nil, fmt.Errorf("reading progress: %w (delete %s to start afresh)", err, filepath.Join(learnDir, ProgressFile))
	}
	if p.Lessons == nil {
		p.Lessons = map[string]map[string]CheckProgress{}
	}
	return p, nil
}

// Save writes the record, replacing the old one whole.
func (p *Progress) Save(learnDir string) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(learnDir, 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(learnDir, ProgressFile+".tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	return os.Rename(tmp, filepath.Join(learnDir, ProgressFile))
}

// Record adds a check run's outcomes.
func (p *Progress) Record(l *Lesson, outcomes []Outcome) {
	checks := p.Lessons[l.Name()]
	if checks == nil {
		checks = map[string]CheckProgress{}
		p.Lessons[l.Name()] = checks
	}
	for _, o := range outcomes {
		c := checks[o.Name]
		c.Passed = o.Passed
		if !o.Passed {
			c.Failures++
		}
		checks[o.Name] = c
	}
}

// Status is where a learner stands with a lesson.
type Status struct {
	Started bool // a workspace exists, or a check has run
	Passed  int  // checks whose last run passed
	Total   int
}

// Done reports whether every check passed on its last run.
func (s Status) Done() bool { return s.Passed == s.Total }

func (s Status) String() string {
	switch {
	case s.Done():
		return "passed"
	case s.Started:
		return "started"
	}
	return "not started"
}

// Status is where the learner stands with lesson l.
func (p *Progress) Status(l *Lesson, learnDir string) Status {
	s := Status{Total: len(l.Checks)}
	checks := p.Lessons[l.Name()]
	for _, c := range l.Checks {
		if checks[c.Name].Passed {
			s.Passed++
		}
	}
	_, err := os.Stat(l.Workspace(learnDir))
	s.Started = err == nil || len(checks) > 0
	return s
}
