# config-keys-man.awk - turn `sluice config-keys` output (TSV, first file)
# into the key reference of sluice.ini(5): the template (second file) is
# copied, and its line ".\" @CONFIG_KEYS@" is replaced by one subsection
# per section and plugin, one tagged paragraph per key.
#   awk -F '\t' -v version=X -f config-keys-man.awk KEYS.tsv sluice.ini.5.in
# The docs test (tests/docs/man_keys.sh) reads the subsection headings and
# key tags back, so their form ('.SS "[SECTION] ..."', '.B KEY') is fixed.

# Text as roff: backslashes escaped, no line may start a request.
function roff(text) {
    gsub(/\\/, "\\e", text)
    sub(/^[.']/, "\\\\&&", text)
    return text
}

FNR == NR {
    if (FNR == 1)
        next
    if (NF != 8) {
        printf "config-keys-man.awk: line %d of %s has %d fields, expected 8\n", FNR, FILENAME, NF > "/dev/stderr"
        failed = 1
        exit 1
    }
    rows[++count] = $0
    next
}

/^\.\\" @CONFIG_KEYS@$/ {
    group = ""
    for (i = 1; i <= count; i++) {
        split(rows[i], f, "\t")
        this_group = f[1] "\t" f[2]
        if (this_group != group) {
            group = this_group
            if (f[2] == "*")
                heading = "[" f[1] "]" (f[1] == "sluice" ? " (the core)" : ", any plugin")
            else
                heading = "[" f[1] "] plugin = " f[2]
            printf ".SS \"%s\"\n", heading
        }
        printf ".TP\n.B %s\n", roff(f[3])
        facts = f[4]
        if (f[6] != "")
            facts = facts ", " (f[4] == "enum" ? "one of " : "range ") roff(f[6])
        facts = facts "; default: " (f[5] == "" ? "none" : "\\fB" roff(f[5]) "\\fR")
        if (f[7] != "") {
            flags = f[7]
            gsub(/,/, ", ", flags)
            facts = facts "; " flags
        }
        printf "(%s)\n.br\n%s\n", facts, roff(f[8])
    }
    next
}

{
    gsub(/@VERSION@/, version)
    print
}

END {
    if (!failed && count == 0) {
        print "config-keys-man.awk: no keys read" > "/dev/stderr"
        exit 1
    }
}
