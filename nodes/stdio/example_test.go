package stdio_test

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/eddy-sim/eddy/nodes/echo"
	"github.com/eddy-sim/eddy/nodes/stdio"
)

// A node binary is one line: os.Exit(stdio.Main(echo.Program)). Run is the
// same with the streams spelled out, which is how this example feeds it.
func Example() {
	stdin := strings.NewReader(
		`{"id":0,"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}}` + "\n" +
			`{"id":1,"src":"c1","dest":"n1","body":{"type":"echo","msg_id":1,"echo":"hi"}}` + "\n")
	err := stdio.Run(echo.Program, stdio.Options{Stdin: stdin, Stdout: os.Stdout, Stderr: io.Discard})
	fmt.Println("Run returned", err)
	// Output:
	// {"src":"n1","dest":"c0","body":{"in_reply_to":1,"type":"init_ok"}}
	// {"src":"n1","dest":"c1","body":{"in_reply_to":1,"echo":"hi","type":"echo_ok"}}
	// Run returned <nil>
}
