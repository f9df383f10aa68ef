;;; claimdown-mode.el --- Major mode for Claimdown annotated articles  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "29.1"))
;; Keywords: languages, text
;; SPDX-License-Identifier: MIT

;;; Commentary:

;; A tree-sitter based major mode for Claimdown (*.cdown) files: annotated articles that
;; mark who claims what, where it was said, and who rebuts whom.
;;
;; - font-lock from the tree-sitter grammar (the captures of grammar/queries/highlights.scm,
;;   mapped to faces below), in four levels of `treesit-font-lock-level' (claim spans, quotes,
;;   actors and sources from the default level, 3);
;; - imenu: headings, actor and source definitions, claims;
;; - `%%' line comments (M-;), outline and defun navigation over sections and definitions;
;; - an eglot entry for the language server `claimdown lsp', with rule severities sent as
;;   initializationOptions.rules.
;;
;; The mode needs the tree-sitter grammar `claimdown' (libtree-sitter-claimdown.so on
;; `treesit-extra-load-path' or in ~/.emacs.d/tree-sitter/); see README.md.  Without it the
;; buffer still gets comment syntax and eglot, but no highlighting.

;;; Code:

(require 'treesit)
(eval-when-compile (require 'rx))

(declare-function treesit-parser-create "treesit.c")
(declare-function treesit-node-type "treesit.c")
(declare-function treesit-node-child-by-field-name "treesit.c")
(declare-function treesit-node-text "treesit.c")
(defvar eglot-server-programs)

(defgroup claimdown nil
  "Claimdown annotated articles."
  :group 'languages
  :prefix "claimdown-")

(defcustom claimdown-server-command '("claimdown" "lsp")
  "Command line that starts the Claimdown language server."
  :type '(repeat string))

(defcustom claimdown-rules nil
  "Severity per rule, sent to the server as initializationOptions.rules.
An alist of (RULE . SEVERITY), RULE a rule name such as \"undefined-actor\",
SEVERITY one of \"error\", \"warning\", \"info\", \"hint\" or \"off\"."
  :type '(alist :key-type (string :tag "Rule")
                :value-type (choice (const "error") (const "warning") (const "info")
                                    (const "hint") (const "off"))))

(defgroup claimdown-faces nil
  "Faces of `claimdown-mode'."
  :group 'claimdown)

(defface claimdown-heading-face '((t :inherit (bold font-lock-function-name-face)))
  "Headings (@markup.heading).")
(defface claimdown-span-face '((t :underline t))
  "The text of an inline annotation (@markup.link.label).")
(defface claimdown-quote-face '((t :inherit font-lock-doc-face))
  "The body of a block annotation (@markup.quote).")
(defface claimdown-claim-face '((t :inherit font-lock-constant-face))
  "Claim ids and references (@string in highlights.scm).")
(defface claimdown-actor-face '((t :inherit font-lock-variable-name-face))
  "Actor references and definitions (@tag).")
(defface claimdown-source-face '((t :inherit font-lock-builtin-face))
  "Source references and definitions (@property).")
(defface claimdown-display-name-face '((t :inherit bold))
  "Display names of definitions (@markup.strong).")
(defface claimdown-url-face '((t :inherit link))
  "Urls in definition fields (@string.special.url).")

(defvar claimdown-mode-syntax-table
  (let ((table (make-syntax-table text-mode-syntax-table)))
    ;; `%%' starts a comment that runs to the end of the line.
    (modify-syntax-entry ?% ". 12" table)
    (modify-syntax-entry ?\n ">" table)
    ;; An id is one symbol, dashes and all: `western-media'.  Its sigil (@actor, ^source,
    ;; #claim) is an expression prefix: not part of the symbol at point, which is what the
    ;; server's completion items replace (eglot takes its completion bounds from the symbol
    ;; at point, so `@ja' with the sigil inside matched none of them: "No match"), while
    ;; C-M-f and C-M-b still move over `@western-media' whole.
    (dolist (c '(?- ?_ ?.))
      (modify-syntax-entry c "_" table))
    (dolist (c '(?@ ?^ ?#))
      (modify-syntax-entry c "'" table))
    (modify-syntax-entry ?\[ "(]" table)
    (modify-syntax-entry ?\] ")[" table)
    (modify-syntax-entry ?\{ "(}" table)
    (modify-syntax-entry ?\} "){" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?\" "\"" table)
    table)
  "Syntax table for `claimdown-mode'.")

(defvar claimdown-mode--font-lock-settings
  (treesit-font-lock-rules
   :language 'claimdown
   :feature 'comment
   '((comment) @font-lock-comment-face)

   :language 'claimdown
   :feature 'heading
   '((heading) @claimdown-heading-face)

   :language 'claimdown
   :feature 'definition
   '((actor_definition id: (definition_id) @claimdown-actor-face)
     (source_definition id: (definition_id) @claimdown-source-face)
     (actor_definition "@" @font-lock-delimiter-face)
     (source_definition "^" @font-lock-delimiter-face)
     (actor_definition ["[" "]:"] @font-lock-bracket-face)
     (source_definition ["[" "]:"] @font-lock-bracket-face)
     (display_name) @claimdown-display-name-face
     (definition_field key: (field_name) @font-lock-property-name-face)
     (definition_field ":" @font-lock-delimiter-face)
     (definition_field value: (field_value) @font-lock-string-face))

   :language 'claimdown
   :feature 'front-matter
   '((front_matter "---" @font-lock-delimiter-face)
     (front_matter_field key: (field_name) @font-lock-property-name-face)
     (front_matter_field value: (field_value) @font-lock-string-face))

   :language 'claimdown
   :feature 'attribute
   '((claim_id) @claimdown-claim-face
     (claim_reference) @claimdown-claim-face
     (actor_reference) @claimdown-actor-face
     (source_reference) @claimdown-source-face
     (flag (attribute_name) @font-lock-keyword-face)
     (key_value key: (attribute_name) @font-lock-property-name-face)
     (key_value "=" @font-lock-operator-face)
     (value_list "," @font-lock-delimiter-face)
     (value) @font-lock-string-face
     (quoted_value) @font-lock-string-face
     (invalid_attribute) @font-lock-warning-face)

   :language 'claimdown
   :feature 'annotation
   '((annotation ["[" "]"] @font-lock-bracket-face)
     (attribute_list ["{" "}"] @font-lock-bracket-face)
     (block_annotation ":::" @font-lock-delimiter-face))

   :language 'claimdown
   :feature 'span
   :override 'append
   '((span) @claimdown-span-face
     (block_body) @claimdown-quote-face)

   :language 'claimdown
   :feature 'escape
   '((escape) @font-lock-escape-face)

   :language 'claimdown
   :feature 'url
   :override t
   '(((definition_field key: (field_name) @_key value: (field_value) @claimdown-url-face)
      (:match "\\`\\(?:url\\|archived\\)\\'" @_key))))
  "Tree-sitter font-lock settings for `claimdown-mode'.
The patterns and captures follow grammar/queries/highlights.scm.")

(defun claimdown-mode--heading-name (node)
  "Text of the heading NODE, without its marker."
  (let ((content (treesit-node-child-by-field-name node "content")))
    (string-trim (if content (treesit-node-text content t) (treesit-node-text node t)))))

(defun claimdown-mode--definition-name (node)
  "Id of the actor or source definition NODE, with its sigil."
  (let ((id (treesit-node-child-by-field-name node "id")))
    (concat (if (equal (treesit-node-type node) "actor_definition") "@" "^")
            (if id (string-trim (treesit-node-text id t)) ""))))

(defun claimdown-mode--claim-name (node)
  "Text of the claim id NODE."
  (treesit-node-text node t))

(defun claimdown-mode--defun-name (node)
  "Name of NODE for `treesit-defun-name-function'."
  (pcase (treesit-node-type node)
    ("section" (let ((heading (treesit-node-child node 0)))
                 (and heading (claimdown-mode--heading-name heading))))
    ("heading" (claimdown-mode--heading-name node))
    ((or "actor_definition" "source_definition") (claimdown-mode--definition-name node))
    ("claim_id" (claimdown-mode--claim-name node))))

(defvar claimdown-mode--imenu-settings
  `(("Heading" "\\`heading\\'" nil claimdown-mode--heading-name)
    ("Actor" "\\`actor_definition\\'" nil claimdown-mode--definition-name)
    ("Source" "\\`source_definition\\'" nil claimdown-mode--definition-name)
    ("Claim" "\\`claim_id\\'" nil claimdown-mode--claim-name))
  "`treesit-simple-imenu-settings' for `claimdown-mode'.")

;;;###autoload
(define-derived-mode claimdown-mode text-mode "Claimdown"
  "Major mode for Claimdown (*.cdown) annotated articles, powered by tree-sitter.

\\{claimdown-mode-map}"
  :syntax-table claimdown-mode-syntax-table
  (setq-local comment-start "%% ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "%%+[ \t]*")
  (setq-local comment-use-syntax t)
  (when (treesit-ready-p 'claimdown)
    (treesit-parser-create 'claimdown)
    (setq-local treesit-font-lock-settings claimdown-mode--font-lock-settings)
    ;; Level 3, the default of `treesit-font-lock-level', holds all a writer needs to see:
    ;; which prose is claimed (span) and quoted, who says it and where.
    (setq-local treesit-font-lock-feature-list
                '((comment heading definition front-matter)
                  (attribute annotation)
                  (span url)
                  (escape)))
    (setq-local treesit-simple-imenu-settings claimdown-mode--imenu-settings)
    (setq-local treesit-defun-type-regexp
                (rx bos (or "section" "actor_definition" "source_definition") eos))
    (setq-local treesit-defun-name-function #'claimdown-mode--defun-name)
    (when (boundp 'treesit-outline-predicate)
      (setq-local treesit-outline-predicate (rx bos (or "section") eos)))
    (treesit-major-mode-setup)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.cdown\\'" . claimdown-mode))

;;; Language server (eglot)

(defun claimdown--rules-plist ()
  "`claimdown-rules' as a JSON object for eglot."
  (if claimdown-rules
      (let ((table (make-hash-table :test #'equal)))
        (dolist (pair claimdown-rules table)
          (puthash (car pair) (cdr pair) table)))
    ;; An empty JSON object, not null.
    (make-hash-table :test #'equal)))

;;;###autoload
(defun claimdown-eglot-contact (&optional _interactive _project)
  "The eglot contact for the Claimdown language server."
  (append claimdown-server-command
          (list :initializationOptions (list :rules (claimdown--rules-plist)))))

;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '(claimdown-mode . claimdown-eglot-contact)))

;;; Preview

(declare-function eglot-current-server "eglot")
(declare-function eglot--TextDocumentIdentifier "eglot")
(declare-function jsonrpc-request "jsonrpc")

(defun claimdown-preview-file (&optional open)
  "Write the buffer's page as the server renders it; return the file's name.
The page is `claimdown/render' of the text as edited, written under
`temporary-file-directory'.  With OPEN non-nil, open it with
`browse-url-of-file'."
  (let ((server (and (fboundp 'eglot-current-server) (eglot-current-server))))
    (unless server
      (user-error "Claimdown preview needs the language server: M-x eglot"))
    (let* ((result (jsonrpc-request server :claimdown/render
                                    (list :textDocument (eglot--TextDocumentIdentifier))))
           (html (and result (plist-get result :html)))
           (file (expand-file-name
                  (concat "claimdown-" (file-name-base (or buffer-file-name "preview")) ".html")
                  temporary-file-directory)))
      (unless (stringp html)
        (user-error "The server has no page for this buffer"))
      (let ((coding-system-for-write 'utf-8))
        (write-region html nil file nil 'silent))
      (when open
        (browse-url-of-file file))
      file)))

;;;###autoload
(defun claimdown-preview ()
  "Open this article's page, as the language server renders it, in a browser."
  (interactive)
  (claimdown-preview-file t))

(provide 'claimdown-mode)
;;; claimdown-mode.el ends here
