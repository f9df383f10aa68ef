;;; claimdown-test.el --- Batch tests of claimdown-mode and its eglot entry  -*- lexical-binding: t; -*-

;; Run by editors/emacs/test/run.sh:
;;   emacs --batch -Q -L editors/emacs -l editors/emacs/test/claimdown-test.el \
;;         --eval '(claimdown-test-main)'
;; with CLAIMDOWN_TS_DIR = folder holding libtree-sitter-claimdown.so,
;;      CLAIMDOWN = the server binary, CLAIMDOWN_FIXTURES = editors/test-fixtures.

;;; Code:

(require 'cl-lib)
(require 'subr-x)
(require 'claimdown-mode)
(require 'eglot)
(require 'flymake)

(defvar claimdown-test--passed 0)
(defvar claimdown-test--failed 0)

(defun claimdown-test--check (ok what &optional detail)
  "Record OK for WHAT, printing DETAIL when it failed."
  (if ok
      (progn (cl-incf claimdown-test--passed) (princ (format "  ok   %s\n" what)))
    (cl-incf claimdown-test--failed)
    (princ (format "  FAIL %s%s\n" what (if detail (format ": %s" detail) ""))))
  ok)

(defun claimdown-test--wait (pred seconds)
  "Process events until PRED is non-nil or SECONDS pass; return PRED's value."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (when (fboundp 'timer-event-handler) (sit-for 0)))
    value))

(defun claimdown-test--goto (text &optional nth)
  "Move point to the start of the NTH occurrence of TEXT."
  (goto-char (point-min))
  (search-forward text nil nil (or nth 1))
  (goto-char (match-beginning 0)))

(defun claimdown-test--faces-at (pos)
  "Faces at POS, as a list."
  (let ((face (get-text-property pos 'face)))
    (if (listp face) face (list face))))

(defun claimdown-test--diagnostics ()
  "The LSP diagnostics eglot has for the current buffer, as (CODE MESSAGE BEG END)."
  (let ((diags (append (flymake-diagnostics)
                       (and (boundp 'eglot--diagnostics) eglot--diagnostics))))
    (delete-dups
     (mapcar (lambda (d)
               (let ((spec (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))))
                 (list (plist-get spec :code) (plist-get spec :message)
                       (flymake-diagnostic-beg d) (flymake-diagnostic-end d)
                       (flymake-diagnostic-type d))))
             diags))))

(defun claimdown-test-main ()
  "Run the checks and exit with 0 when all passed."
  (let* ((fixtures (getenv "CLAIMDOWN_FIXTURES"))
         (server (getenv "CLAIMDOWN"))
         (ts-dir (getenv "CLAIMDOWN_TS_DIR"))
         (ws (make-temp-file "claimdown-emacs-" t))
         (eglot-sync-connect t)
         (eglot-autoshutdown t)
         (eglot-events-buffer-config '(:size 0 :format full)))
    (dolist (f '("article.cdown" "actors.cdown"))
      (copy-file (expand-file-name f fixtures) (expand-file-name f ws)))
    (when ts-dir (add-to-list 'treesit-extra-load-path ts-dir))
    (claimdown-test--check (treesit-language-available-p 'claimdown)
                           "treesit loads libtree-sitter-claimdown.so"
                           (format "%S" (treesit-language-available-p 'claimdown t)))
    (setq claimdown-server-command (list server "lsp"))
    ;; Lowered to a warning: checks that `claimdown-rules' reach the server.
    (setq claimdown-rules '(("undefined-actor" . "warning")))
    (find-file (expand-file-name "article.cdown" ws))
    (claimdown-test--check (eq major-mode 'claimdown-mode) "*.cdown opens in claimdown-mode"
                           major-mode)
    ;; Comments
    (claimdown-test--goto "analyst note")
    (claimdown-test--check (nth 4 (syntax-ppss)) "%% starts a comment (syntax table)")
    (claimdown-test--check (equal comment-start "%% ") "comment-start is %%")
    ;; Font-lock from tree-sitter
    (when (treesit-language-available-p 'claimdown)
      (claimdown-test--check (treesit-parser-list) "a claimdown tree-sitter parser is attached")
      (claimdown-test--check (not (treesit-node-check (treesit-buffer-root-node) 'has-error))
                             "the fixture parses without errors")
      (font-lock-ensure)
      (claimdown-test--goto "@jazayeri")
      (claimdown-test--check (memq 'claimdown-actor-face (claimdown-test--faces-at (point)))
                             "@jazayeri has claimdown-actor-face"
                             (claimdown-test--faces-at (point)))
      (claimdown-test--goto "^fna-remarks")
      (claimdown-test--check (memq 'claimdown-source-face (claimdown-test--faces-at (point)))
                             "^fna-remarks has claimdown-source-face")
      (claimdown-test--goto "#c-joint")
      (claimdown-test--check (memq 'claimdown-claim-face (claimdown-test--faces-at (point)))
                             "#c-joint has claimdown-claim-face")
      ;; What a writer needs at the default level, 3: the claim span, the quote, actors and
      ;; sources.
      (claimdown-test--check (= treesit-font-lock-level 3) "treesit-font-lock-level is the default, 3"
                             treesit-font-lock-level)
      (claimdown-test--goto "[reports of joint strikes]")
      (claimdown-test--check (memq 'claimdown-span-face (claimdown-test--faces-at (1+ (point))))
                             "level 3: the claim span has claimdown-span-face"
                             (claimdown-test--faces-at (1+ (point))))
      (claimdown-test--goto "root cause")
      (claimdown-test--check (memq 'claimdown-quote-face (claimdown-test--faces-at (point)))
                             "level 3: the quote body has claimdown-quote-face"
                             (claimdown-test--faces-at (point)))
      (claimdown-test--goto "@jazayeri ^fna-remarks")
      (claimdown-test--check (memq 'claimdown-actor-face (claimdown-test--faces-at (1+ (point))))
                             "level 3: an actor reference has claimdown-actor-face")
      (claimdown-test--goto "^fna-remarks")
      (claimdown-test--check (memq 'claimdown-source-face (claimdown-test--faces-at (1+ (point))))
                             "level 3: a source reference has claimdown-source-face")
      (claimdown-test--goto "Officials")
      (claimdown-test--check (null (get-text-property (point) 'face)) "plain prose has no face"
                             (get-text-property (point) 'face))
      (claimdown-test--goto "%% analyst")
      (claimdown-test--check (memq 'font-lock-comment-face (claimdown-test--faces-at (point)))
                             "%% comment has font-lock-comment-face")
      (claimdown-test--goto "# Iran")
      (claimdown-test--check (memq 'claimdown-heading-face (claimdown-test--faces-at (point)))
                             "heading has claimdown-heading-face")
      (let* ((index (imenu--make-index-alist t))
             (headings (cdr (assoc "Heading" index)))
             (claims (cdr (assoc "Claim" index))))
        (claimdown-test--check (assoc "Iran rejects reports of joint strikes" headings)
                               "imenu lists the heading" index)
        (claimdown-test--check (assoc "#c-joint" claims) "imenu lists claim #c-joint" index)))
    (when (treesit-language-available-p 'claimdown)
      (with-current-buffer (find-file-noselect (expand-file-name "actors.cdown" ws))
        (font-lock-ensure)
        (claimdown-test--goto "https://example.org")
        (claimdown-test--check (memq 'claimdown-url-face (claimdown-test--faces-at (point)))
                               "url field value has claimdown-url-face (predicate pattern)"
                               (claimdown-test--faces-at (point)))
        (claimdown-test--goto "Massoud Jazayeri")
        (claimdown-test--check (memq 'claimdown-display-name-face (claimdown-test--faces-at (point)))
                               "display name has claimdown-display-name-face")
        (claimdown-test--goto "kind: person")
        (forward-char 6)
        (claimdown-test--check (memq 'font-lock-string-face (claimdown-test--faces-at (point)))
                               "field value has font-lock-string-face")
        (let ((index (imenu--make-index-alist t)))
          (claimdown-test--check (assoc "@jazayeri" (cdr (assoc "Actor" index)))
                                 "imenu lists actor @jazayeri" index)
          (claimdown-test--check (assoc "^fna-remarks" (cdr (assoc "Source" index)))
                                 "imenu lists source ^fna-remarks" index))))
    ;; eglot, as registered by claimdown-mode
    (let* ((guess (eglot--guess-contact))
           (contact (nth 3 guess)))
      (when (functionp contact) (setq contact (funcall contact)))
      (claimdown-test--check (equal (car contact) server)
                             "eglot-server-programs maps claimdown-mode to the server" contact)
      (claimdown-test--check (plist-member (cddr contact) :initializationOptions)
                             "contact carries initializationOptions" contact)
      (condition-case err
          (apply #'eglot--connect guess)
        (error (claimdown-test--check nil "eglot connects" err))))
    (let ((server-obj (claimdown-test--wait #'eglot-current-server 20)))
      (claimdown-test--check server-obj "eglot manages the buffer")
      (when server-obj
        (when (fboundp 'flymake-start) (flymake-start))
        ;; Wait for the settled set: the server may publish before it has indexed
        ;; actors.cdown, when @jazayeri still looks undefined.
        (claimdown-test--goto "@nobody")
        (let* ((nobody (point))
               (diags (claimdown-test--wait
                       (lambda ()
                         (let ((all (claimdown-test--diagnostics)))
                           (and (= (length all) 1)
                                (equal (car (car all)) "undefined-actor")
                                (<= (nth 2 (car all)) (1+ nobody))
                                all)))
                       20))
               (diag (car diags)))
          (unless diags (setq diag (car (cl-remove-if-not (lambda (d) (equal (car d) "undefined-actor"))
                                                          (claimdown-test--diagnostics)))))
          (claimdown-test--check diag "undefined-actor diagnostic received through eglot"
                                 (claimdown-test--diagnostics))
          (when diag
            (claimdown-test--goto "@nobody")
            (claimdown-test--check (and (<= (nth 2 diag) (1+ (point))) (>= (nth 3 diag) (+ (point) 2)))
                                   "the diagnostic covers @nobody"
                                   (list diag (point)))
            (claimdown-test--check (string-match-p "nobody" (nth 1 diag))
                                   "the message names the id" (nth 1 diag))
            (claimdown-test--check (eq (nth 4 diag) 'eglot-warning)
                                   "claimdown-rules made undefined-actor a warning" (nth 4 diag)))
          (claimdown-test--check (= (length (claimdown-test--diagnostics)) 1)
                                 "no other diagnostics on the article" (claimdown-test--diagnostics)))
        ;; Hover through eglot's own eldoc function
        (claimdown-test--goto "@jazayeri")
        (forward-char 2)
        (let (hover)
          (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))
          (claimdown-test--wait (lambda () hover) 15)
          (claimdown-test--check (and (stringp hover) (string-match-p "Massoud Jazayeri" hover))
                                 "hover on @jazayeri shows the display name" hover)
          ;; Without markdown-mode eglot declares plain text only, and shows what it gets as
          ;; is: the server must answer plain text, no Markdown marks.
          (let ((formats (plist-get (plist-get (plist-get (eglot-client-capabilities server-obj)
                                                          :textDocument)
                                               :hover)
                                    :contentFormat)))
            (claimdown-test--check (and (not (fboundp 'gfm-view-mode))
                                        (equal (append formats nil) '("plaintext")))
                                   "without markdown-mode eglot declares hover contentFormat plaintext"
                                   formats))
          (claimdown-test--check (and (stringp hover)
                                      (not (string-match-p "###\\|\\*\\*\\|`" hover)))
                                 "the hover eglot shows has no ###, ** or backticks" hover))
        ;; Definition, as xref would ask for it
        (let* ((locs (jsonrpc-request server-obj :textDocument/definition
                                      (eglot--TextDocumentPositionParams)))
               (loc (if (vectorp locs) (and (> (length locs) 0) (aref locs 0)) locs))
               (uri (or (plist-get loc :uri) (plist-get loc :targetUri))))
          (claimdown-test--check (and uri (string-suffix-p "/actors.cdown" uri))
                                 "definition of @jazayeri is in actors.cdown" locs))
        ;; claimdown-preview: the server's page, written to a file (not opened here)
        (let* ((file (claimdown-preview-file))
               (page (with-temp-buffer
                       (let ((coding-system-for-read 'utf-8)) (insert-file-contents file))
                       (buffer-string))))
          (claimdown-test--check (and (string-prefix-p "<!DOCTYPE html>" page)
                                      (string-match-p "Massoud Jazayeri" page))
                                 "claimdown-preview writes the page naming the actor"
                                 (substring page 0 (min 200 (length page)))))
        ;; Completion as a person asks for it: type `@ja' in an attribute list, then
        ;; `completion-at-point' (C-M-i).  The server's items replace the word after the sigil;
        ;; the mode's idea of the symbol at point must agree, or Emacs says "No match".
        (claimdown-test--goto "@nobody")
        (forward-char (length "@nobody"))
        (let ((start (point)) (completion-auto-help nil) (message-log-max t))
          (insert " @ja")
          (let ((inhibit-message t))
            (condition-case err (completion-at-point)
              (error (claimdown-test--check nil "completion-at-point runs" err))))
          (claimdown-test--wait (lambda () (looking-back "@jazayeri" (line-beginning-position))) 5)
          (claimdown-test--check (looking-back " @jazayeri" (line-beginning-position))
                                 "@ja + completion-at-point inserts @jazayeri"
                                 (buffer-substring-no-properties (line-beginning-position)
                                                                 (line-end-position)))
          (delete-region start (point))
          ;; A bare `@': the completion bounds are empty at point, where the items' text
          ;; edits start, and every actor is a candidate; completion-at-point does not
          ;; say "No match".
          (insert " @")
          (let* ((data (run-hook-with-args-until-success 'completion-at-point-functions))
                 (cands (and data (all-completions "" (nth 2 data)
                                                   (plist-get (nthcdr 3 data) :predicate))))
                 (edit-start (cl-some (lambda (c)
                                        (let* ((item (get-text-property 0 'eglot--lsp-item c))
                                               (edit (plist-get item :textEdit)))
                                          (and edit (eglot--lsp-position-to-point
                                                     (plist-get (plist-get edit :range) :start)))))
                                      cands)))
            (claimdown-test--check (and data (= (nth 0 data) (point)) (= (nth 1 data) (point)))
                                   "after @ the completion bounds are empty at point"
                                   (list (nth 0 data) (nth 1 data) (point)))
            (claimdown-test--check (member "jazayeri" cands) "after @ jazayeri is a candidate" cands)
            (claimdown-test--check (eql edit-start (point))
                                   "the server's text edits start where the bounds do"
                                   (list edit-start (point))))
          (let* ((said nil)
                 (record (lambda (fmt &rest args)
                           (when fmt (push (apply #'format-message fmt args) said)))))
            (advice-add 'message :before record)
            (unwind-protect
                (let ((inhibit-message t)) (completion-at-point))
              (advice-remove 'message record))
            (claimdown-test--check (not (cl-some (lambda (m) (string-match-p "No match" m)) said))
                                   "completion-at-point after @ does not say \"No match\"" said))
          (delete-region start (- (line-end-position) 2)))
        (ignore-errors (eglot-shutdown server-obj))))
    (princ (format "emacs: %d passed, %d failed\n" claimdown-test--passed claimdown-test--failed))
    (kill-emacs (if (= claimdown-test--failed 0) 0 1))))

(provide 'claimdown-test)
;;; claimdown-test.el ends here
