Feature: DNS answers for the site
  Both nodes serve the same zones. They answer for every name the site
  defines, forward everything else to the site's upstream resolvers, and
  refuse networks that may not query them. Expected answers come from
  site.yaml itself.

  Scenario: Every forward record answers at both nodes
    When a client on each segment that may query the pair asks each node for every forward record of the site
    Then every answer matches the site
    And every answer is authoritative
    And dig, asked the same questions, gets the same answers

  Scenario: Every address resolves back to its name at both nodes
    When a client asks each node for every reverse record of the site
    Then every answer matches the site
    And every answer is authoritative

  Scenario: A name that does not exist
    When a client asks each node for a name that does not exist in the site's domain
    Then every answer is NXDOMAIN
    And every answer is authoritative

  @needs-forwarders
  Scenario: Names outside the site are forwarded upstream
    When a client asks each node for a name outside the site
    Then every answer carries the upstream stand-in's address for it

  Scenario: A host outside the site is refused
    When the outsider asks each node for the site's domain
    Then every answer is REFUSED

  @needs-closed-segment
  Scenario: A segment that may not query the pair is refused
    When a client on each segment that may not query the pair asks each node for the site's domain
    Then every answer is REFUSED
