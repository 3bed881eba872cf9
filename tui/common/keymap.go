package common

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key binding of the visualizer, in one place so the help
// screen lists them all and no two parts claim the same key.
type KeyMap struct {
	// Time.
	Play, Step, Back, StepType, Faster, Slower, GoTo, Start, End key.Binding
	// Selection.
	Up, Down, PrevNode, NextNode, NextTab, PrevTab, Tab key.Binding
	// Faults.
	Mark, Partition, OneWay, Heal, Kill, Pause, Drop, Deliver key.Binding
	// Finding.
	Filter, Search, NextMatch, PrevMatch key.Binding
	// The rest.
	Save, Help, Quit, Cancel, Submit key.Binding
}

func bind(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

// DefaultKeyMap returns the visualizer's key bindings.
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Play:     bind([]string{" "}, "space", "play/pause"),
		Step:     bind([]string{"right", "."}, "→/.", "step"),
		Back:     bind([]string{"left", ","}, "←/,", "step back"),
		StepType: bind([]string{"t"}, "t", "step to a message type…"),
		Faster:   bind([]string{"+", "="}, "+", "faster"),
		Slower:   bind([]string{"-", "_"}, "-", "slower"),
		GoTo:     bind([]string{"g"}, "g", "go to time or #step…"),
		Start:    bind([]string{"home"}, "home", "rewind to start"),
		End:      bind([]string{"end", "G"}, "end/G", "run to the end"),

		Up:       bind([]string{"up"}, "↑", "select/scroll up"),
		Down:     bind([]string{"down"}, "↓", "select/scroll down"),
		PrevNode: bind([]string{"["}, "[", "previous node"),
		NextNode: bind([]string{"]"}, "]", "next node"),
		NextTab:  bind([]string{"tab"}, "tab", "next panel"),
		PrevTab:  bind([]string{"shift+tab"}, "shift+tab", "previous panel"),
		Tab:      bind([]string{"1", "2", "3", "4", "5", "6"}, "1–6", "panel"),

		Mark:      bind([]string{"m"}, "m", "mark node for a group"),
		Partition: bind([]string{"p"}, "p", "partition group from the rest"),
		OneWay:    bind([]string{"o"}, "o", "one-way: group stops hearing the rest"),
		Heal:      bind([]string{"h"}, "h", "heal partitions"),
		Kill:      bind([]string{"k"}, "k", "kill/restart node"),
		Pause:     bind([]string{"z"}, "z", "pause/resume node"),
		Drop:      bind([]string{"x"}, "x", "drop message"),
		Deliver:   bind([]string{"d"}, "d", "deliver message now"),

		Filter:    bind([]string{"f"}, "f", "filter events…"),
		Search:    bind([]string{"/"}, "/", "search events…"),
		NextMatch: bind([]string{"n"}, "n", "older match"),
		PrevMatch: bind([]string{"N"}, "N", "newer match"),

		Save:   bind([]string{"s"}, "s", "save run"),
		Help:   bind([]string{"?"}, "?", "all keys"),
		Quit:   bind([]string{"q", "ctrl+c"}, "q", "quit"),
		Cancel: bind([]string{"esc"}, "esc", "cancel"),
		Submit: bind([]string{"enter"}, "enter", "ok"),
	}
}

// ShortHelp is the help bar's line: the keys a newcomer needs first.
func (k *KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Play, k.Step, k.Back, k.NextTab, k.Partition, k.Kill, k.Help, k.Quit}
}

// FullHelp is the help screen: every key, by column.
func (k *KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Play, k.Step, k.Back, k.StepType, k.Faster, k.Slower, k.GoTo, k.Start, k.End},
		{k.Up, k.Down, k.PrevNode, k.NextNode, k.NextTab, k.PrevTab, k.Tab},
		{k.Mark, k.Partition, k.OneWay, k.Heal, k.Kill, k.Pause, k.Drop, k.Deliver},
		{k.Filter, k.Search, k.NextMatch, k.PrevMatch, k.Save, k.Cancel, k.Help, k.Quit},
	}
}
