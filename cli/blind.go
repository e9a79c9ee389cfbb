package cli

import (
	"flag"
	"fmt"
)

func init() {
	register(&command{
		name:       "blind",
		args:       "[on|off]",
		summary:    "blind coding: with on, the window shows a coder only their assigned documents and their own spans (off again to adjudicate); no argument prints the setting",
		positional: true,
		run: func(env *Env, fs *flag.FlagSet) error {
			if fs.NArg() > 1 {
				return usagef("give on, off or nothing")
			}
			if fs.NArg() == 0 {
				s, err := env.openRead()
				if err != nil {
					return err
				}
				defer s.Close()
				on, err := s.Blind(env.Ctx)
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "blind coding is %s\n", onOff(on))
				return nil
			}
			var on bool
			switch fs.Arg(0) {
			case "on":
				on = true
			case "off":
			default:
				return usagef("give on or off, not %q", term(fs.Arg(0)))
			}
			s, err := env.open()
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.SetBlind(env.Ctx, on); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "blind coding is %s\n", onOff(on))
			return nil
		},
	})
}

func onOff(on bool) string {
	if on {
		return "on: a coder's window shows only their assigned documents and their own spans"
	}
	return "off: everyone sees every document and every coder's spans"
}
