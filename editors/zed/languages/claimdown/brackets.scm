; Zed-only: bracket pairs for matching and rainbow brackets.
(annotation
  "[" @open
  "]" @close)

(attribute_list
  "{" @open
  "}" @close)
