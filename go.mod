module github.com/eddy-sim/eddy

go 1.26.8

require github.com/stretchr/testify v1.12.1

require (
	github.com/goccy/go-json v0.12.0 // indirect
	github.com/spf13/pflag v1.0.10 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
