; Claimdown embeds no other language.
