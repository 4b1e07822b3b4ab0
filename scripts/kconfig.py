#!/usr/bin/python3
"""Merge a board's defconfig and an application's prj.conf into .config
and write autoconf.h, with kconfiglib (Debian package python3-kconfiglib).

usage: kconfig.py KCONFIG CONFIG_OUT AUTOCONF_OUT FRAGMENT...

If CONFIG_OUT already exists and is newer than every fragment and every
Kconfig file (someone edited it with menuconfig), it is kept and only
autoconf.h is rewritten.
"""
import os
import sys

try:
    import kconfiglib
except ImportError:
    sys.exit("error: kconfiglib not found: install the Debian package "
             "python3-kconfiglib (apt-get install python3-kconfiglib)")


def main():
    kconfig, config_out, autoconf_out = sys.argv[1:4]
    fragments = [f for f in sys.argv[4:] if os.path.exists(f)]
    kconf = kconfiglib.Kconfig(kconfig, warn_to_stderr=False)
    # A misspelled CONFIG_ name in a fragment must not pass unnoticed.
    kconf.warn_assign_undef = True
    keep = os.path.exists(config_out) and all(
        os.path.getmtime(config_out) >= os.path.getmtime(f)
        for f in fragments + kconf.kconfig_filenames)
    if keep:
        kconf.load_config(config_out)
    else:
        kconf.load_config(fragments[0] if fragments else None)
        for frag in fragments[1:]:
            kconf.load_config(frag, replace=False)
    # Evaluating every symbol raises the warnings about values out of
    # range, which kconfiglib otherwise gives only while writing.
    for sym in kconf.unique_defined_syms:
        sym.str_value
    # An assignment the Kconfig rejects must stop the build: a test that
    # silently ran with the default would prove nothing.
    for warning in kconf.warnings:
        print("error: " + warning.replace("warning: ", "", 1),
              file=sys.stderr)
    if kconf.warnings:
        sys.exit(1)
    kconf.write_config(config_out, header="# Generated; edit with "
                       "'make menuconfig'.\n")
    kconf.write_autoconf(autoconf_out)


if __name__ == "__main__":
    main()
