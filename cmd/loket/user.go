package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/loket/loket"
	"github.com/loket/loket/agentdesk"
	"github.com/loket/loket/store/sqlite"
)

// runUser manages the agent panel's accounts:
//
//	loket user add --role agent NAME    (password on standard input)
//	loket user passwd NAME              (password on standard input)
//	loket user disable NAME
//	loket user enable NAME
//	loket user list
func runUser(ctx context.Context, e *env, args []string) error {
	var data, role string
	fs := newFlags(e, "user", "add|passwd|disable|enable|list [NAME]", "Manage the agent panel's accounts. add and passwd read the password from standard input,\nso that it stays out of the shell history: printf '%s' \"$PASSWORD\" | loket user add --role agent anna")
	fs.StringVar(&data, "data", e.envOr("LOKET_DATA", "./data"), "the server's data folder (env LOKET_DATA)")
	fs.StringVar(&role, "role", string(loket.RoleAgent), "agent, editor or admin (add only)")
	if len(args) == 0 {
		fs.Usage()
		return errUsage
	}
	verb := args[0]
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	db, err := sqlite.Open(ctx, filepath.Join(data, "loket.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	name := fs.Arg(0)
	if verb != "list" && (fs.NArg() != 1 || name == "") {
		fs.Usage()
		return errUsage
	}
	switch verb {
	case "add":
		return addUser(ctx, e, db, name, loket.Role(role))
	case "passwd":
		hash, err := readPassword(e)
		if err != nil {
			return err
		}
		if err := db.SetPassword(ctx, name, hash); err != nil {
			return userError(err)
		}
		fmt.Fprintf(e.stdout, "password of %s changed; their sessions have ended\n", name)
	case "disable", "enable":
		if err := db.SetDisabled(ctx, name, verb == "disable"); err != nil {
			return userError(err)
		}
		fmt.Fprintf(e.stdout, "%s %sd\n", name, verb)
	case "list":
		return listUsers(ctx, e, db)
	default:
		fmt.Fprintf(e.stderr, "loket user: unknown action %q\n", verb)
		return errUsage
	}
	return nil
}

func addUser(ctx context.Context, e *env, db *sqlite.DB, name string, role loket.Role) error {
	if !role.Valid() {
		return fmt.Errorf("--role %q: use agent, editor or admin", role)
	}
	hash, err := readPassword(e)
	if err != nil {
		return err
	}
	if err := db.CreateUser(ctx, &loket.User{Name: name, Role: role}, hash); err != nil {
		return userError(err)
	}
	fmt.Fprintf(e.stdout, "%s added as %s\n", name, role)
	return nil
}

// readPassword reads one line from standard input and hashes it.
func readPassword(e *env) (string, error) {
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password on standard input")
	}
	pw := strings.TrimRight(line, "\r\n")
	if utf8.RuneCountInString(pw) < loket.MinPasswordLen {
		return "", fmt.Errorf("the password is shorter than %d characters", loket.MinPasswordLen)
	}
	return agentdesk.HashPassword(pw)
}

func listUsers(ctx context.Context, e *env, db *sqlite.DB) error {
	users, err := db.ListUsers(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tROLE\tSTATE\tCREATED")
	for _, u := range users {
		state := "active"
		if u.Disabled {
			state = "disabled"
		} else if !u.LockedUntil.IsZero() && u.Failed >= loket.MaxFailedSignIns {
			state = "locked until " + u.LockedUntil.Local().Format("15:04")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", u.Name, u.Role, state, u.CreatedAt.Local().Format("2006-01-02"))
	}
	return w.Flush()
}

// userError gives a store error its message without the code prefix.
func userError(err error) error {
	if code := loket.ErrorCode(err); code != loket.EINTERNAL {
		return errors.New(loket.ErrorMessage(err))
	}
	return err
}
