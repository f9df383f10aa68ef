-- Claimdown files: *.cdown
vim.filetype.add({ extension = { cdown = 'claimdown' } })
