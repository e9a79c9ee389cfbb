package annot

// Version is Spanbench's version: "spanbench version" prints it and every
// dataset card names it. Keep it equal to FyneApp.toml's Version.
const Version = "0.1.0"
